"""Gazette's JSON API, one package per version, mounted at /api/v<N>/.

Endpoints are thin adapters: they parse and validate input with a schema, call one action or
query of the app that owns the data, and return JSON. Rules live in the apps, never here.
"""
