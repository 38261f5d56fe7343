"""Word lists for the demo desk: names, places, lenders, partners, reasons, summaries.

Everything here is invented; phone numbers use the fictional 555 exchange.
"""

from __future__ import annotations

# fmt: off

# A mixed Canadian desk: English, French, South and East Asian, Filipino, Italian,
# Portuguese, Ukrainian, Polish, Caribbean, Arabic, Latin American, Persian names.
FIRST_NAMES = (
    "Aaliyah", "Aaron", "Adam", "Aditi", "Adrian", "Ahmed", "Aiden", "Aisha", "Alejandro",
    "Alexandre", "Alice", "Amanda", "Amara", "Amir", "Ana", "Andrea", "Andrew", "Angela",
    "Anil", "Anna", "Anthony", "Antoine", "Arjun", "Ashley", "Aylin", "Benjamin", "Bianca",
    "Brandon", "Brianna", "Bruno", "Camille", "Carlos", "Caroline", "Catherine", "Chantal",
    "Charlotte", "Chloe", "Christopher", "Claire", "Daniel", "Daniela", "Darius", "David",
    "Deepa", "Delphine", "Derek", "Diego", "Dmitri", "Elena", "Eli", "Elijah", "Elizabeth",
    "Emily", "Emma", "Eric", "Esther", "Ethan", "Fatima", "Felipe", "Fernanda", "Francois",
    "Gabriel", "Gabrielle", "Gemma", "Giulia", "Grace", "Gurpreet", "Hamza", "Hannah",
    "Harpreet", "Hassan", "Heather", "Hiroshi", "Hugo", "Ian", "Imani", "Isabelle", "Ivan",
    "Jacob", "James", "Jasmine", "Jason", "Javier", "Jennifer", "Jessica", "Jin", "Joanna",
    "Jonathan", "Jordan", "Jose", "Joshua", "Julia", "Julien", "Justin", "Karan", "Karen",
    "Katarzyna", "Kavya", "Kenji", "Kevin", "Kiara", "Kwame", "Laura", "Lauren", "Leila",
    "Liam", "Lina", "Lucas", "Luis", "Madison", "Malik", "Manon", "Marc", "Maria", "Mariam",
    "Mark", "Marco", "Maryam", "Mateo", "Matthew", "Maya", "Megan", "Mei", "Melissa",
    "Michael", "Michelle", "Miguel", "Mila", "Min-jun", "Mohammed", "Nadia", "Naomi", "Nathan",
    "Neha", "Nicholas", "Nicole", "Nikhil", "Noah", "Nora", "Olivia", "Omar", "Oksana", "Owen",
    "Paolo", "Patrick", "Paul", "Pedro", "Philippe", "Pooja", "Priya", "Rachel", "Rahul",
    "Rajesh", "Ramon", "Rebecca", "Ricardo", "Rohan", "Rosa", "Ryan", "Sabrina", "Samuel",
    "Sandeep", "Sara", "Sebastien", "Sergei", "Shreya", "Simran", "Sofia", "Sophie",
    "Stephanie", "Sunil", "Sylvie", "Tariq", "Taylor", "Thanh", "Thomas", "Tiago", "Tyler",
    "Valentina", "Vanessa", "Victor", "Vikram", "Vivian", "Wei", "William", "Xin", "Yasmin",
    "Yusuf", "Zainab", "Zachary", "Zoe",
)

LAST_NAMES = (
    "Abbott", "Adeyemi", "Ahmed", "Ali", "Almeida", "Anderson", "Arsenault", "Bailey",
    "Banerjee", "Beaulieu", "Bergeron", "Bhatt", "Bouchard", "Boyko", "Brown", "Campbell",
    "Carter", "Castillo", "Chan", "Chang", "Chen", "Cheng", "Chopra", "Clarke", "Cloutier",
    "Costa", "Cote", "Cruz", "Da Silva", "Davies", "Desai", "Dhillon", "Diaz", "Dubois",
    "Edwards", "Evans", "Fernandes", "Ferreira", "Fontaine", "Fraser", "Gagnon", "Garcia",
    "Ghosh", "Gill", "Girard", "Goldberg", "Gomez", "Gonzalez", "Grewal", "Gupta", "Hamilton",
    "Harris", "Hassan", "Henry", "Ho", "Hoang", "Huang", "Hughes", "Hussain", "Iyer",
    "Jackson", "Jansen", "Johnson", "Joshi", "Kang", "Kapoor", "Kaur", "Khan", "Kim",
    "Kowalski", "Kozak", "Kumar", "Lam", "Lapointe", "Lavoie", "Leblanc", "Lee", "Levesque",
    "Li", "Lin", "Liu", "Lopez", "MacDonald", "MacLeod", "Malhotra", "Martin", "Martinez",
    "Mehta", "Melnyk", "Mendes", "Mitchell", "Moreau", "Morin", "Murphy", "Nair", "Nguyen",
    "Novak", "O'Brien", "Okafor", "Oliveira", "Ouellet", "Park", "Patel", "Pelletier",
    "Pereira", "Perez", "Pham", "Phillips", "Poirier", "Qureshi", "Rahman", "Ramirez", "Reddy",
    "Reid", "Ricci", "Robinson", "Rodriguez", "Romano", "Ross", "Roy", "Russo", "Saini",
    "Santos", "Schmidt", "Scott", "Sharma", "Shevchenko", "Singh", "Smith", "Sousa", "Stewart",
    "Sullivan", "Tan", "Taylor", "Thibault", "Thomas", "Thompson", "Tkachuk", "Tran",
    "Tremblay", "Vasquez", "Vieira", "Walker", "Wang", "Watson", "White", "Williams", "Wilson",
    "Wong", "Wright", "Wu", "Xu", "Yang", "Yeung", "Young", "Zhang", "Zhao", "Zielinski",
)

# (area codes, city, province, postal prefix letters, weight)
CITIES = (
    (("416", "647", "437"), "Toronto", "ON", "M", 24),
    (("905", "289"), "Mississauga", "ON", "L", 9),
    (("905", "289"), "Brampton", "ON", "L", 6),
    (("905", "289"), "Oakville", "ON", "L", 4),
    (("905", "289"), "Hamilton", "ON", "L", 5),
    (("613", "343"), "Ottawa", "ON", "K", 7),
    (("604", "778"), "Vancouver", "BC", "V", 8),
    (("604", "778"), "Burnaby", "BC", "V", 4),
    (("604", "778"), "Surrey", "BC", "V", 4),
    (("403", "587"), "Calgary", "AB", "T", 8),
    (("780", "587"), "Edmonton", "AB", "T", 5),
    (("514", "438"), "Montreal", "QC", "H", 7),
    (("204",), "Winnipeg", "MB", "R", 3),
    (("306",), "Saskatoon", "SK", "S", 2),
    (("902",), "Halifax", "NS", "B", 3),
)

STREETS = (
    "Maple Ave", "Oak St", "King St W", "Queen St E", "Bloor St W", "Yonge St", "Elm Dr",
    "Birch Cres", "Lakeshore Blvd", "Main St", "Church St", "Victoria Rd", "Park Lane",
    "Cedar Ct", "Willow Way", "Highland Rd", "Riverside Dr", "Sunset Blvd", "Pine Ridge Rd",
    "Glenview Ave", "Rue Saint-Denis", "Boul. Saint-Laurent", "Heritage Dr", "Spruce St",
    "Meadowvale Rd", "Dundas St W", "College St", "Bayview Ave", "Kingsway", "Granville St",
)

UNIT_PREFIXES = ("Unit", "Apt", "Suite")
EMAIL_DOMAINS = (
    "gmail.com", "gmail.com", "gmail.com", "outlook.com", "hotmail.com", "yahoo.ca",
    "icloud.com", "rogers.com", "shaw.ca", "bell.net", "sympatico.ca", "live.ca",
)

TAGS = (
    "first-time buyer", "self-employed", "new to Canada", "investor", "VIP", "rate-sensitive",
    "prefers text", "French", "pre-construction", "condo", "upsizing", "downsizing",
)

PROPERTY_TYPES = ("Detached", "Semi-detached", "Townhouse", "Condo", "Duplex", "Bungalow")
TIMELINES = ("ASAP", "Within 30 days", "1-3 months", "3-6 months", "Just exploring")

# (name, company, kind) of referral partners; names are drawn from the lists above.
PARTNER_FIRMS = (
    ("Royal LePage Signature Realty", "realtor"),
    ("RE/MAX Hallmark Realty", "realtor"),
    ("Sutton Group Quantum Realty", "realtor"),
    ("Keller Williams Referred Urban", "realtor"),
    ("Century 21 Leading Edge", "realtor"),
    ("Right at Home Realty", "realtor"),
    ("Chen & Associates LLP (real estate law)", "lawyer"),
    ("Northbridge Wealth Planning", "financial_planner"),
    ("Harbourfront Realty Group", "realtor"),
    ("Patel CPA Professional Corporation", "accountant"),
)

LENDERS = (
    "TD", "RBC", "Scotiabank", "BMO", "CIBC", "National Bank", "First National", "MCAP",
    "Equitable Bank", "B2B Bank", "Home Trust", "CMLS", "RFA", "Desjardins", "Manulife Bank",
    "Tangerine", "Meridian Credit Union", "Strive",
)
# (label, years, low rate, high rate, weight)
TERMS = (
    ("5-yr fixed", 5, 3.89, 4.99, 50),
    ("3-yr fixed", 3, 3.99, 5.09, 18),
    ("2-yr fixed", 2, 4.29, 5.39, 8),
    ("1-yr fixed", 1, 4.89, 5.99, 8),
    ("5-yr variable", 5, 4.10, 5.45, 16),
)

LOST_EARLY = (
    "No response after repeated attempts",
    "Wrong number / invalid contact details",
    "Just shopping rates, went with their bank",
    "Not ready to buy this year",
)
LOST_LATE = (
    "Went with another broker",
    "Rate beaten by their bank",
    "Did not qualify: debt service ratios too high",
    "Credit score below lender minimums",
    "Purchase fell through (conditions not met)",
    "Decided to renew with current lender",
    "Appraisal came in low",
    "Decided not to move",
)
HOLD_REASONS = (
    "Waiting on a new job offer",
    "Selling current home first",
    "Building savings for the down payment",
    "Waiting for spring market",
)

# How an inquiry arrives, per source: (interaction kind, direction, summary).
ARRIVALS = {
    "website_form": ("email", "inbound", "Website form: {type} inquiry"),
    "application_link": ("email", "inbound", "Online application received ({type})"),
    "email": ("email", "inbound", "Email asking about {type}"),
    "phone": ("call", "inbound", "Called in about {type}"),
    "referral_partner": ("note", "internal", "Referred by {partner}"),
    "social": ("text", "inbound", "Instagram message about {type}"),
    "rate_comparison": ("email", "inbound", "Rate comparison site lead: {type}"),
    "lead_vendor": ("email", "inbound", "Lead vendor: {type} lead"),
    "past_client": ("call", "inbound", "Past client called about {type}"),
    "walk_in": ("meeting", "inbound", "Walked in to ask about {type}"),
}

REPLIES = (
    ("email", "Replied by email: interested, asked for a call back"),
    ("text", "Texted back: best time to call is after 5"),
    ("call", "Returned my call: wants to go over options"),
    ("email", "Replied with questions about rates and fees"),
)
NO_ANSWER = ("Called, no answer, left voicemail", "Called, went to voicemail", "Called, no answer")
TALKED = (
    "Call: reviewed rates and next steps",
    "Call: answered questions about the process",
    "Call: went over affordability numbers",
    "Call: checked in on progress",
)
EMAILS = ("Sent introduction email with next steps", "Follow-up email sent", "Emailed rate options")
STAGE_FOLLOWUPS = {
    "new": "Follow-up: trying to book a first call",
    "contacted": "Follow-up: booking a discovery meeting",
    "qualified": "Sent pre-approval summary and document list",
    "collecting_documents": "Checked in on outstanding documents",
    "application_submitted": "Update: application with lender, awaiting response",
    "lender_review": "Chased underwriter for an update on conditions",
    "approved": "Reviewed commitment conditions with client",
    "waiting_on_client": "Checked in: waiting on the client's decision",
}
INBOUND_CHATTER = (
    ("email", "Client emailed a question about closing costs"),
    ("text", "Client texted: any news from the lender?"),
    ("call", "Client called to confirm next steps"),
    ("email", "Client sent an updated employment letter"),
)
PROSPECT_NOTES = (
    "Met at an open house; thinking of buying next spring",
    "Asked for a rate sheet at a community event",
    "Imported from business cards (home show)",
    "Friend of a past client; may refinance later",
)
BROKER_TASKS = (
    ("call", "Call back about the rate hold"),
    ("email", "Send the pre-approval letter"),
    ("review", "Review credit bureau before the lender call"),
    ("email", "Send closing-cost estimate"),
    ("call", "Confirm appraisal appointment"),
    ("meeting", "Video call: go over the commitment"),
)
# fmt: on
