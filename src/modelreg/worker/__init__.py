"""The background worker: runs scan jobs claimed from the database, outside the API process."""
