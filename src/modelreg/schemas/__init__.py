"""Typed request and response documents shared by the API, the services and the SDK."""
