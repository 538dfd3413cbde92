"""Importers: bring templates written for other tools into formsift (``formsift import``)."""
