"""`leadkeeper demo` and `leadkeeper add-lead`: putting leads into the database."""

from __future__ import annotations

import argparse
import re
from decimal import Decimal
from typing import Any

from app.cli.common import CliEnv, add_json_flag, int_between, iso, local_time, print_json
from app.domain.contact_points import normalize_email
from app.services.demo import MAX_CONTACTS, MIN_CONTACTS
from app.services.dto import ContactInput, InquiryInput
from app.services.leads import NewLead, add_lead

DEFAULT_DEMO_SEED = 7  # generate_demo's own default: `leadkeeper demo` twice gives the same data
MAX_AMOUNT = Decimal("100000000000")
# 350000, 350000.5, 350,000.00, $350,000: thousands commas only in their proper places.
_AMOUNT = re.compile(r"\$?\s*(?P<number>(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?)")


def parse_amount(text: str) -> Decimal:
    """An argparse type: a non-negative amount of money with at most two decimals."""
    cleaned = text.strip()
    if cleaned.startswith("-"):
        raise argparse.ArgumentTypeError(f"'{text}' is negative; an amount must be 0 or more")
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not an amount; write it like 350000 or 350,000.00"
        )
    value = Decimal(match["number"].replace(",", ""))
    if value > MAX_AMOUNT:
        raise argparse.ArgumentTypeError(f"'{text}' is too large for an amount")
    return value


def register(commands: Any) -> None:
    """Add the `demo` and `add-lead` subcommands to the `commands` subparsers action."""
    demo = commands.add_parser(
        "demo",
        help="fill the database with realistic demo data",
        description="Add realistic demo contacts, inquiries, tasks and interactions.",
    )
    demo.add_argument(
        "--contacts",
        type=int_between(MIN_CONTACTS, MAX_CONTACTS),
        default=300,
        metavar="N",
        help=f"how many contacts to make ({MIN_CONTACTS}-{MAX_CONTACTS}, default 300)",
    )
    demo.add_argument(
        "--seed",
        type=int_between(0, 2**31 - 1),
        default=DEFAULT_DEMO_SEED,
        metavar="N",
        help="random seed; the same seed makes the same data (default %(default)s)",
    )
    add_json_flag(demo)
    demo.set_defaults(handler=run_demo)

    lead = commands.add_parser(
        "add-lead",
        help="record a new lead (contact + inquiry)",
        description="Record a new lead. A contact with the same email or phone is reused.",
    )
    lead.add_argument("--first", required=True, metavar="NAME", help="first name")
    lead.add_argument("--last", required=True, metavar="NAME", help="last name")
    lead.add_argument("--email", metavar="ADDRESS", help="email address")
    lead.add_argument("--phone", metavar="NUMBER", help="phone number")
    lead.add_argument(
        "--type", required=True, metavar="TYPE", help="inquiry type key, e.g. purchase, renewal"
    )
    lead.add_argument("--source", metavar="SOURCE", help="source key, e.g. website_form")
    lead.add_argument("--amount", type=parse_amount, metavar="N", help="mortgage amount")
    add_json_flag(lead)
    lead.set_defaults(handler=run_add_lead)


def run_demo(args: argparse.Namespace, env: CliEnv) -> int:
    """Generate demo data and print what was made."""
    from app.services.demo import generate_demo  # only this command needs the generator

    with env.context(create=True) as ctx:
        summary = generate_demo(ctx, contacts=args.contacts, seed=args.seed)
    counts = {
        "contacts": summary.contacts,
        "inquiries": summary.inquiries,
        "tasks": summary.tasks,
        "interactions": summary.interactions,
        "partners": summary.partners,
    }
    if args.json:
        print_json(counts)
    else:
        print(
            f"Demo data added to {env.db_path}: {counts['contacts']:,} contacts, "
            f"{counts['inquiries']:,} inquiries, {counts['tasks']:,} tasks, "
            f"{counts['interactions']:,} interactions, {counts['partners']:,} referral partners."
        )
    return 0


def lead_json(lead: NewLead) -> dict[str, Any]:
    """The --json shape of a new lead (keys are part of the CLI contract)."""
    inquiry = lead.inquiry
    return {
        "contact_id": lead.contact.id,
        "inquiry_id": inquiry.id,
        "existing_contact": lead.existing_contact,
        "name": lead.contact.full_name,
        "type": inquiry.type_key,
        "source": inquiry.source_key,
        "stage": inquiry.stage_key,
        "amount": None if inquiry.amount is None else str(inquiry.amount),
        "score": inquiry.score,
        "next_followup_at": iso(inquiry.next_followup_at),
    }


def run_add_lead(args: argparse.Namespace, env: CliEnv) -> int:
    """Add one lead; every value is checked before anything is written."""
    email = (args.email or "").strip()
    if email:
        normalize_email(email)  # a typo fails here, before the database is even opened
    contact = ContactInput(
        first_name=args.first,
        last_name=args.last,
        emails=(email,) if email else (),
        phones=(args.phone,) if args.phone and args.phone.strip() else (),
    )
    inquiry = InquiryInput(
        contact_id=0,  # add_lead fills it in
        type_key=args.type.strip(),
        source_key=(args.source or "").strip() or None,
        amount=args.amount,
    )
    with env.context(create=True) as ctx:
        lead = add_lead(ctx, contact, inquiry)
    if args.json:
        print_json(lead_json(lead))
        return 0
    view = lead.inquiry
    followup = local_time(view.next_followup_at, env.clock.tz, empty="none planned")
    name = lead.contact.full_name
    print(f"Lead #{view.id} for {name} ({view.type_name}), next follow-up {followup}")
    if lead.existing_contact:
        print(f"  Added to existing contact #{lead.contact.id} (same email or phone).")
    return 0
