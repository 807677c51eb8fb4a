"""Module and class fixtures, cleanups and subtests, in the order unittest defines them."""

import unittest

import bank

EVENTS = []
LEDGER = None


def setUpModule():
    global LEDGER
    EVENTS.append("setUpModule")
    LEDGER = bank.Ledger()


def tearDownModule():
    LEDGER.close()


class AccountTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        EVENTS.append("AccountTest.setUpClass")
        cls.opened = []

    @classmethod
    def tearDownClass(cls):
        EVENTS.append("AccountTest.tearDownClass")

    def setUp(self):
        self.account = bank.Account("ada", balance=100)
        self.opened.append(self.account)
        self.addCleanup(self.account.close)  # runs after tearDown, even when the test fails

    def test_1_deposit(self):
        self.account.deposit(50)
        self.assertEqual(self.account.balance, 150)
        LEDGER.record("deposit 50")

    def test_2_cleanup_closed_the_previous_account(self):
        self.assertEqual(len(self.opened), 2)
        self.assertTrue(self.opened[0].closed)
        self.assertFalse(self.account.closed)

    def test_3_withdraw_too_much(self):
        with self.assertRaisesRegex(bank.InsufficientFunds, "ada has 100"):
            self.account.withdraw(500)

    def test_4_subtests(self):
        for amount in (1, 10, 100):
            with self.subTest(amount=amount):
                account = bank.Account("bob", balance=amount)
                account.withdraw(amount)
                self.assertEqual(account.balance, 0)

    def test_5_deposit_rejects_bad_amounts(self):
        for amount in (0, -1):
            with self.subTest(amount=amount), self.assertRaises(ValueError):
                self.account.deposit(amount)


class LaterTest(unittest.TestCase):
    """Runs after AccountTest: its class and module fixtures have run once each."""

    def test_fixtures_ran_once_in_order(self):
        self.assertEqual(
            EVENTS, ["setUpModule", "AccountTest.setUpClass", "AccountTest.tearDownClass"]
        )

    def test_module_fixture_shared(self):
        self.assertTrue(LEDGER.open)
        self.assertEqual(LEDGER.entries, ["deposit 50"])
