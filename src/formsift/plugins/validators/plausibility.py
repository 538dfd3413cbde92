"""Plausibility checks for rules: dates (not in the future, within N days of another, the
day of the week), times of day (the hours or minutes between two), dates with times (the
hours or minutes elapsed from one to another) and totals (sum of lines, net + tax = gross,
a tax rate among the allowed ones).

Money is compared in Decimal with a tolerance of one cent, since printed amounts are
rounded to cents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from formsift.core.kinds import Function, Validator

CENT = Decimal("0.01")


def today() -> date:
    """Today's date (a function of its own so that tests can pin the clock)."""
    return date.today()


def not_in_future(d: date) -> bool:
    """``d`` is today or earlier."""
    return d <= today()


def within_days(a: date, b: date, n: Decimal) -> bool:
    """``a`` and ``b`` are at most ``n`` days apart (either order)."""
    return abs((b - a).days) <= n


def weekday(d: date) -> Decimal:
    """The day of the week as ISO 8601 numbers it: 1 Monday ... 7 Sunday."""
    return Decimal(d.isoweekday())


def minutes_between(start: time, end: time) -> Decimal:
    """The minutes from ``start`` to ``end``; an end before the start is on the next day
    (a night shift, 22:00 to 06:00, is 480 minutes); the same time is 0."""
    minutes = (end.hour * 60 + end.minute + Decimal(end.second) / 60) - \
        (start.hour * 60 + start.minute + Decimal(start.second) / 60)
    return minutes + 1440 if minutes < 0 else minutes


def hours_between(start: time, end: time) -> Decimal:
    """The hours from ``start`` to ``end`` as a decimal number (7:00 to 16:30 is 9.5), an
    end before the start on the next day, as :func:`minutes_between`: two times of day
    within 24 hours of each other (a shift), never more; for times on dates of their own
    see :func:`elapsed_hours`."""
    return minutes_between(start, end) / 60


def elapsed_minutes(start_date: date, start_time: time, end_date: date,
                    end_time: time) -> Decimal:
    """The minutes from ``start_time`` on ``start_date`` to ``end_time`` on ``end_date``;
    negative when the end is earlier (received before it was relinquished). Unlike
    :func:`minutes_between` no day is added: the dates say which day each time is on
    (``days_between(...) * 24 + hours_between(...)`` counts a day twice when the end's
    time of day is earlier than the start's: 14:00 on 1 December to 13:00 on 3 December
    gave 71 hours for 47)."""
    delta = datetime.combine(end_date, _naive(end_time)) - \
        datetime.combine(start_date, _naive(start_time))
    seconds = delta.days * 86400 + delta.seconds + Decimal(delta.microseconds) / 10**6
    return seconds / 60


def elapsed_hours(start_date: date, start_time: time, end_date: date,
                  end_time: time) -> Decimal:
    """:func:`elapsed_minutes` in hours, a decimal number (47 for 14:00 on 1 December to
    13:00 on 3 December)."""
    return elapsed_minutes(start_date, start_time, end_date, end_time) / 60


def _naive(t: time) -> time:
    return t.replace(tzinfo=None) if t.tzinfo is not None else t


def _dec(v: Any) -> Decimal:
    if isinstance(v, Decimal):
        return v
    try:
        return Decimal(str(v))
    except InvalidOperation as exc:
        raise ValueError(f"{v!r} is not a number") from exc


def sum_of_lines(column: Any, total: Decimal) -> bool:
    """The values of a table column add up to ``total`` (within a cent)."""
    if not isinstance(column, list):
        raise ValueError("sum_of_lines() takes a table column such as items.amount first")
    if any(v is None for v in column):
        raise ValueError("a line amount is missing")
    return abs(sum((_dec(v) for v in column), Decimal(0)) - _dec(total)) <= CENT


def net_tax_gross(net: Decimal, tax: Decimal, gross: Decimal) -> bool:
    """net + tax == gross, within a cent."""
    return abs(_dec(net) + _dec(tax) - _dec(gross)) <= CENT


def parse_rates(rates: Any) -> list[Decimal]:
    """``"19, 7, 0"`` or ``"19|7|0"`` -> [19, 7, 0] (percent)."""
    parts = [p for p in re.split(r"[\s,;|/]+", str(rates).replace("%", " ")) if p]
    if not parts:
        raise ValueError("no tax rate given; write them as \"19, 7, 0\"")
    return [_dec(p) for p in parts]


def tax_rate_allowed(net: Decimal, tax: Decimal, rates: Any) -> bool:
    """``tax`` is ``net`` times one of ``rates`` (percent), rounded to the cent."""
    n, t = _dec(net), _dec(tax)
    return any(abs(n * r / 100 - t) <= CENT for r in parse_rates(rates))


def rate_allowed(rate: Decimal, rates: Any) -> bool:
    """A printed rate (``vat_rate``, a percent) is one of ``rates``."""
    return _dec(rate) in parse_rates(rates)


def _check_rates(position: int) -> Any:
    def check(args: list[Any]) -> tuple[str, str | None] | None:
        value = args[position] if len(args) > position else None
        if isinstance(value, str):
            try:
                parse_rates(value)
            except ValueError as exc:
                return f"bad list of tax rates: {exc}", 'write them as "19, 7, 0"'
        return None

    return check


def currency_of(amount: Any, otherwise: Any) -> str:
    """The ISO 4217 code of the currency written beside ``amount`` ("EUR 13,335.60",
    "$12.50"), or ``otherwise`` when none is written beside it."""
    code = getattr(amount, "currency", None)
    return str(code) if code else str(otherwise).strip().upper()


class PlausibilityValidator(Validator):
    name = "plausibility"
    version = "0.1.0"
    summary = ("not_in_future, within_days, weekday, hours_between, minutes_between, "
               "elapsed_hours, elapsed_minutes, sum_of_lines, net_tax_gross, "
               "tax_rate_allowed, rate_allowed, currency_of")

    def functions(self) -> Iterable[Function]:
        return [
            Function("not_in_future", ("date",), "bool", not_in_future,
                     "not_in_future(d): the date is today or earlier."),
            Function("within_days", ("date", "date", "number"), "bool", within_days,
                     "within_days(a, b, n): the two dates are at most n days apart, in "
                     "either order (for a direction, subtract: b - a <= n)."),
            Function("weekday", ("date",), "number", weekday,
                     "weekday(d): the day of the week as ISO 8601 numbers it, 1 Monday to 7 "
                     "Sunday: weekday(week_ending) == 7, a Sunday; weekday(d) <= 5, a "
                     "working day."),
            Function("hours_between", ("time", "time"), "number", hours_between,
                     "hours_between(start, end): the hours from one time of day to another, "
                     "a decimal number (7:00 to 16:30 is 9.5); an end before the start is "
                     "on the next day (22:00 to 06:00 is 8), so never 24 hours or more: for "
                     "times on dates of their own, elapsed_hours. With a break in minutes: "
                     "hours_between(start, end) - brk / 60 == hours."),
            Function("minutes_between", ("time", "time"), "number", minutes_between,
                     "minutes_between(start, end): the minutes from one time of day to "
                     "another (7:00 to 16:30 is 570); an end before the start is on the "
                     "next day."),
            Function("elapsed_hours", ("date", "time", "date", "time"), "number",
                     elapsed_hours,
                     "elapsed_hours(start_date, start_time, end_date, end_time): the hours "
                     "from a time on one date to a time on another, a decimal number (14:00 "
                     "on 1 December to 13:00 on 3 December is 47); negative when the end is "
                     "earlier. A hold time: elapsed_hours(sd, st, rd, rt) <= 48; an order: "
                     "elapsed_minutes(rel_date, rel_time, rec_date, rec_time) >= 0."),
            Function("elapsed_minutes", ("date", "time", "date", "time"), "number",
                     elapsed_minutes,
                     "elapsed_minutes(start_date, start_time, end_date, end_time): the "
                     "minutes from a time on one date to a time on another; negative when "
                     "the end is earlier."),
            Function("sum_of_lines", ("any", "money"), "bool", sum_of_lines,
                     "sum_of_lines(items.amount, net): the column adds up to the amount "
                     "(within a cent)."),
            Function("net_tax_gross", ("money", "money", "money"), "bool", net_tax_gross,
                     "net_tax_gross(net, vat, total): net + tax = gross (within a cent)."),
            Function("tax_rate_allowed", ("money", "money", "text"), "bool", tax_rate_allowed,
                     "tax_rate_allowed(net, vat, \"19, 7, 0\"): the tax is the net amount "
                     "times one of the rates (percent), to the cent.", check=_check_rates(2)),
            Function("rate_allowed", ("number", "text"), "bool", rate_allowed,
                     "rate_allowed(vat_rate, \"19, 7\"): a printed rate is one of these.",
                     check=_check_rates(1)),
            Function("currency_of", ("money", "text"), "text", currency_of,
                     "currency_of(total, currency): the ISO 4217 code of the currency "
                     "written beside the amount (EUR for \"EUR 13,335.60\", USD for "
                     "\"$12.50\"), or the second value when none is: "
                     "`currency_of(total, currency) == currency` catches a total in another "
                     "currency than the document's.", beside_value=(0,)),
        ]
