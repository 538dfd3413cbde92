"""The template language: grammar (formsift.lark), parser, typed AST, checker, formatter."""
