def helper():
    raise ValueError("import-time failure")


helper()
