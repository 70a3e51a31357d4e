"""Source `street_crime`.

`loader.py` holds its SPEC (publisher, cadence, landing patterns) with the parser and GX
frames; `sample.py` writes its sample extract and shares no code with the loader. Where it is
fetched from is `fetch.py` (its `FETCH` entry, gathered by `orchestration/fetch/catalogue.py`).
"""
