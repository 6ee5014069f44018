"""Evaluations: suite documents, metric catalogue, harnesses, and the sandbox they run in.

A pure library like `policy/` and `scanning/`: services hand it bytes, paths and documents; it
never touches the database or the blob store. Heavy numeric libraries (numpy, scikit-learn,
fairlearn, onnxruntime) come with the optional `eval` extra and are imported only inside the
harnesses, which run in the sandbox child process (never in the API process).
"""
