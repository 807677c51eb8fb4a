"""IsolatedAsyncioTestCase: async setUp/tearDown and async tests, each in its own loop."""

import asyncio
import unittest

import bank


class TransferTest(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.source = bank.Account("ann", balance=30)
        self.target = bank.Account("ben")
        self.loop = asyncio.get_running_loop()

    async def asyncTearDown(self):
        self.assertIs(asyncio.get_running_loop(), self.loop)

    async def test_transfer(self):
        self.assertEqual(await bank.transfer(self.source, self.target, 20), 20)
        self.assertEqual(self.source.balance, 10)

    async def test_concurrent_transfers(self):
        results = await asyncio.gather(
            bank.transfer(self.source, self.target, 10, delay=0.01),
            bank.transfer(self.source, self.target, 10),
        )
        self.assertEqual(sorted(results), [10, 20])

    async def test_overdraft(self):
        with self.assertRaises(bank.InsufficientFunds):
            await bank.transfer(self.source, self.target, 31)
