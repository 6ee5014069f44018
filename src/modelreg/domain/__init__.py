"""Pure rules of the registry: names, versions, paths, digests, chain. No I/O, no frameworks."""
