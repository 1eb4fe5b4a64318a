"""SQLAlchemy 2.0 typed models, split by concept."""
from contest.models.bank import Option, Question, QuestionBank, Topic
from contest.models.contest import Contest, Round, RoundQuestion
from contest.models.people import (
    ROLES,
    Agency,
    ApiToken,
    AuditEvent,
    BankShare,
    LoginSession,
    Official,
    Organiser,
)
from contest.models.play import Answer, Attempt, Participant

__all__ = [
    "ROLES", "Agency", "ApiToken", "AuditEvent", "BankShare", "LoginSession", "Official",
    "Organiser",
    "Option", "Question", "QuestionBank", "Topic",
    "Contest", "Round", "RoundQuestion",
    "Answer", "Attempt", "Participant",
]
