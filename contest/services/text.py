"""Text helpers for search: officials type agency names without diacritics."""
import unicodedata


def fold(text: str) -> str:
    """'Sở Nội vụ' -> 'so noi vu': lower case, no diacritics, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())
