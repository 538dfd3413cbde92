"""The formsift command (placeholder until the CLI module lands)."""


def main() -> int:
    return 0
