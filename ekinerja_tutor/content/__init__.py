"""Shipped, office-editable content: the practice office, its plan, scenarios and libraries."""
