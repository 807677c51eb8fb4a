import unittest

raise unittest.SkipTest("unittest module skip")
