"""The window's pages and dialogs: each renders a model from the core and forwards what the
person does."""
