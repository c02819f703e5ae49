"""Where the repository and its examples are, for the binding's tests."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def example(*parts) -> str:
    return os.path.join(ROOT, "Examples", *parts)
