"""The project under test: an in-memory bank, plus an async variant."""

import asyncio


class InsufficientFunds(Exception):
    pass


class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.closed = False

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self.balance += amount

    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds(f"{self.owner} has {self.balance}, asked {amount}")
        self.balance -= amount

    def close(self):
        self.closed = True


class Ledger:
    """Stands for an expensive shared resource (a database connection, say)."""

    def __init__(self):
        self.entries = []
        self.open = True

    def record(self, text):
        if not self.open:
            raise RuntimeError("ledger closed")
        self.entries.append(text)

    def close(self):
        self.open = False


async def transfer(source, target, amount, delay=0):
    await asyncio.sleep(delay)
    source.withdraw(amount)
    target.deposit(amount)
    return target.balance
