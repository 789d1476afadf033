"""ekinerja-tutor: practise e-Kinerja safely, learn it step by step, get help from mentors."""

__version__ = "0.1.0"
