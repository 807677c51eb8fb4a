"""A component that configures logging for itself, as if it owned the process."""
import io
import logging

stream = io.StringIO()
logging.basicConfig(stream=stream, level=logging.DEBUG, format="billing %(levelname)s %(message)s")


def charge(amount):
    logging.debug("charging %s", amount)
    return amount
