def ok():
    pass

def broken(:
    pass
