"""The HTTP floor: the cheapest FastAPI routes there are, served by uvicorn like `govgraph serve`."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/")
async def constant() -> dict[str, bool]:
    return {"ok": True}


@app.get("/sync")
def constant_in_threadpool() -> dict[str, bool]:
    """Like govgraph's routes, a plain `def`: FastAPI runs it on its thread pool."""
    return {"ok": True}
