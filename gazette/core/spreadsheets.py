"""Spreadsheet exports from the admin (Wagtail's SpreadsheetExportMixin) of text the public
typed: donor names, comments, moderation reasons."""

# Spreadsheet programs run a cell starting with one of these as a formula; such cells are
# exported as text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize_formula(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def with_formulas_neutralized(value_preprocess: dict) -> dict:
    """A view's `custom_value_preprocess`, with every text cell neutralized in CSV and XLSX."""
    return {**value_preprocess, str: {"csv": neutralize_formula, "xlsx": neutralize_formula}}
