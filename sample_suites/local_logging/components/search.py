"""Another component that configures logging its own way: warnings only, another format."""
import io
import logging

stream = io.StringIO()
logging.basicConfig(stream=stream, level=logging.WARNING, format="search [%(levelname)s] %(message)s")


def query(text):
    logging.info("query %r", text)        # below WARNING: not shown
    if not text:
        logging.warning("empty query")
    return [text] if text else []
