"""The web layer: FastAPI routes that parse requests, call services and format the answers."""
