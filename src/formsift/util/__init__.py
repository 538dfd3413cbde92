"""Small helpers shared by the packages of formsift."""
