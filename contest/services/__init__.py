"""The domain. Services take ids and values, return values, raise DomainError."""
