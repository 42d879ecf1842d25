"""Words the synthetic world is made of: names, handle parts, and neutral post templates.

Posts are deliberately mundane (complaints about buses and bin collections): the generator
exercises de-duplication and identity linking, and must never produce real hateful text.
"""

from __future__ import annotations

GIVEN_NAMES: tuple[str, ...] = (
    "James", "John", "David", "Michael", "Daniel", "Thomas", "Matthew", "Christopher",
    "Andrew", "Paul", "Mark", "Steven", "Richard", "Robert", "Peter", "Stephen", "Gary",
    "Kevin", "Lee", "Craig", "Darren", "Dean", "Wayne", "Jamie", "Ryan", "Liam", "Connor",
    "Callum", "Kieran", "Jordan", "Bradley", "Jake", "Josh", "Luke", "Adam", "Ben", "Sam",
    "Alex", "Harry", "Oliver", "Jack", "George", "Charlie", "Alfie", "Mohammed", "Muhammad",
    "Ahmed", "Ali", "Hassan", "Imran", "Tariq", "Bilal", "Omar", "Yusuf", "Raj", "Sanjay",
    "Arjun", "Vikram", "Kwame", "Kofi", "Chidi", "Tunde", "Emeka", "Piotr", "Tomasz",
    "Marek", "Andrei", "Florin", "Luca", "Marco", "Sean", "Ciaran", "Declan", "Eoin",
    "Rhys", "Dylan", "Gareth", "Owain", "Hamish", "Ewan", "Fraser", "Sarah", "Emma",
    "Laura", "Rachel", "Claire", "Nicola", "Lisa", "Michelle", "Kelly", "Stacey", "Gemma",
    "Jade", "Chloe", "Amy", "Hannah", "Sophie", "Lauren", "Megan", "Emily", "Jessica",
    "Charlotte", "Olivia", "Amelia", "Isla", "Ava", "Grace", "Lucy", "Zoe", "Fatima",
    "Aisha", "Zainab", "Amina", "Sana", "Priya", "Anjali", "Nisha", "Ngozi", "Adaeze",
    "Abena", "Agnieszka", "Katarzyna", "Ioana", "Maria", "Siobhan", "Niamh", "Aoife",
    "Cerys", "Ffion", "Eilidh", "Morag", "Karen", "Julie", "Donna", "Tracey", "Paula",
)

FAMILY_NAMES: tuple[str, ...] = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
    "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King",
    "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis",
    "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook",
    "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller",
    "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams",
    "Singh", "Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray",
    "Mason", "Ali", "Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer", "Holmes",
    "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher",
    "Stevens", "Jenkins", "Murray", "Dixon", "Harvey", "Graham", "Pearson", "Ahmed",
    "Fletcher", "Walsh", "Kaur", "Gibson", "Howard", "Andrews", "Stewart", "Elliott",
    "Reynolds", "Saunders", "Payne", "Fox", "Ford", "Pearce", "Day", "Brooks", "West",
    "Lawrence", "Cole", "Atkinson", "Bradley", "Spencer", "Gill", "Dawson", "Ball",
    "Burton", "O'Brien", "Watts", "Rose", "Booth", "Perry", "Ryan", "Grant", "Wells",
    "Armstrong", "Francis", "Rees", "Hayes", "Hart", "Hudson", "Newman", "Barrett",
    "Webster", "Hunter", "Gregory", "Carr", "Lowe", "Page", "Marsh", "Riley", "Dunn",
    "Woods", "Parsons", "Berry", "Stone", "Reid", "Holland", "Hawkins", "Harding",
    "Porter", "Robertson", "Newton", "Oliver", "Reed", "Kennedy", "Williamson", "Bird",
    "Gardner", "Shah", "Dean", "Lane", "Cooke", "Bates", "Henderson", "Parry", "Burgess",
    "Bishop", "Walton", "Burns", "Nicholson", "Shepherd", "Ross", "Cross", "Long", "Freeman",
    "Warren", "Nicholls", "Hamilton", "Byrne", "Sutton", "McDonald", "Yates", "Hodgson",
    "Robson", "Curtis", "Hopkins", "O'Connor", "Harper", "Coleman", "Watkins", "Moss",
    "McCarthy", "Chambers", "O'Neill", "Griffin", "Sharp", "Hardy", "Wheeler", "Potter",
    "Osborne", "Johnston", "Gordon", "Doyle", "Wallace", "George", "Jordan", "Hutchinson",
    "Rahman", "Miah", "Islam", "Chowdhury", "Mahmood", "Iqbal", "Akhtar", "Okafor",
    "Mensah", "Adeyemi", "Nowak", "Kowalski", "Wisniewski", "Popescu", "Rossi", "Costa",
)

# Pairs shared by many unrelated people: the classic false match for identity linking.
COMMON_NAMES: tuple[tuple[str, str], ...] = (
    ("John", "Smith"), ("David", "Jones"), ("Michael", "Brown"), ("Sarah", "Williams"),
    ("James", "Taylor"), ("Mohammed", "Khan"), ("Emma", "Wilson"), ("Paul", "Evans"),
    ("Mark", "Davies"), ("Daniel", "Thomas"), ("Lisa", "Roberts"), ("Muhammad", "Ali"),
)

NICKNAMES: dict[str, str] = {
    "Michael": "Mike", "Christopher": "Chris", "Daniel": "Dan", "Matthew": "Matt",
    "Andrew": "Andy", "Thomas": "Tom", "Richard": "Rich", "Robert": "Rob", "Stephen": "Steve",
    "Steven": "Steve", "Benjamin": "Ben", "Samuel": "Sam", "Alexander": "Alex",
    "Joshua": "Josh", "James": "Jim", "David": "Dave", "Kevin": "Kev", "Gary": "Gaz",
    "Jessica": "Jess", "Rebecca": "Becky", "Nicola": "Nicky", "Charlotte": "Charlie",
    "Mohammed": "Mo", "Muhammad": "Mo", "Jonathan": "Jon", "Peter": "Pete", "Darren": "Daz",
}

HANDLE_ADJECTIVES: tuple[str, ...] = (
    "Northern", "Southern", "Proud", "Honest", "Real", "True", "Angry", "Old", "Simple",
    "Loud", "Local", "Plain", "Straight", "Silent", "Lone", "Urban", "Rural", "Quiet", "Free",
    "Fair", "Grumpy", "Working", "Average", "Common", "Sensible", "Blunt", "Tired", "Wise",
)

HANDLE_NOUNS: tuple[str, ...] = (
    "Lad", "Lass", "Voice", "Thinker", "Observer", "Citizen", "Walker", "Rider", "Fan",
    "Geezer", "Bloke", "Gaffer", "Scouser", "Brummie", "Tyke", "Cabbie", "Builder", "Sparky",
    "Dad", "Mum", "Nan", "Grandad", "Patriot", "Punter", "Commuter", "Ratepayer", "Viewer",
)

# Handles that many unrelated people pick (near-identical across platforms and persons).
COMMON_HANDLES: tuple[str, ...] = (
    "mike123", "dan_1990", "johnsmith", "chris88", "jamie_b", "sam1", "alex_uk", "dave74",
    "tom_j", "jay123", "lee_1985", "kev2010", "gaz_88", "bigdave", "mo_ali", "sarah_x",
    "lucy123", "jess_22", "danny_boy", "the_gaffer", "northernlad", "truthseeker",
    "justsaying", "realist", "plain_speaking", "noname", "anon1", "userx", "mrt", "jd_uk",
)

TOWNS: tuple[str, ...] = (
    "Leeds", "Bradford", "Sheffield", "Manchester", "Bolton", "Wigan", "Liverpool", "Hull",
    "Newcastle", "Sunderland", "Middlesbrough", "Birmingham", "Coventry", "Wolverhampton",
    "Leicester", "Nottingham", "Derby", "Stoke", "Bristol", "Swindon", "Reading", "Luton",
    "Croydon", "Romford", "Brighton", "Southampton", "Portsmouth", "Plymouth", "Exeter",
    "Norwich", "Ipswich", "Peterborough", "Cardiff", "Swansea", "Newport", "Wrexham",
    "Glasgow", "Edinburgh", "Dundee", "Aberdeen", "Belfast", "Derry", "Blackpool", "Preston",
)

STREETS: tuple[str, ...] = (
    "Station", "Church", "Victoria", "Park", "Mill", "Albert", "Queen", "King", "New",
    "High", "Manor", "Chapel", "Green", "Grange", "Oak", "Elm", "Meadow", "School", "Spring",
    "Windsor", "York", "Cross", "Market", "Hill", "Railway", "North", "South", "Bridge",
)

STREET_KINDS: tuple[str, ...] = ("Road", "Street", "Lane", "Avenue", "Close", "Drive",
                                 "Way", "Crescent", "Terrace", "Gardens", "Court", "Grove")

OPENERS: tuple[str, ...] = (
    "Honestly", "Not again", "Can't believe it", "Told you so", "Every single time",
    "Right then", "Say what you like but", "Unpopular opinion:", "Just saying", "Well well",
    "Here we go again", "Nobody asked but", "Genuinely", "Morning all", "Quick one:",
    "PSA:", "Let's be real", "Same old story", "Apparently", "Breaking:",
)

SUBJECTS: tuple[str, ...] = (
    "the council", "the bus service", "the new estate", "the referee", "the match",
    "the queue at the post office", "the roadworks", "the weather", "the parking",
    "the market", "the bin collection", "the 8.15 train", "the price of chips",
    "the new roundabout", "the leisure centre", "the school run", "the pub quiz",
    "the local paper", "the one-way system", "the library hours", "the high street",
    "the car park charges", "the football club", "the corner shop", "the new cycle lane",
)

PREDICATES: tuple[str, ...] = (
    "is a total joke", "has gone downhill", "never changes", "needs sorting out",
    "is worse than last year", "was a shambles today", "got what it deserved",
    "is run by clowns", "has lost the plot", "is an absolute disgrace", "makes no sense",
    "is costing us a fortune", "was chaos again", "is not fit for purpose",
    "keeps getting worse", "should be scrapped", "is the talk of the town",
    "let everyone down", "was the last straw", "is beyond a joke",
)

CLOSERS: tuple[str, ...] = (
    "Wake up people.", "Share if you agree.", "Nobody listens.", "Seen it with my own eyes.",
    "Rant over.", "Make it make sense.", "You couldn't make it up.", "Something has to change.",
    "Mark my words.", "Don't say you weren't warned.", "Spread the word.", "Enough is enough.",
    "Same every week.", "I'm done.", "Who agrees?", "Just look at it.", "Unreal.",
)

HASHTAGS: tuple[str, ...] = (
    "fedup", "enoughisenough", "speakup", "truth", "localnews", "sortitout", "wakeup",
    "saynotoit", "justsaying", "mondaymotivation", "rant", "publicservice", "shambles",
)

EMOJI: tuple[str, ...] = ("😡", "🙄", "👀", "🤦", "💯", "🇬🇧", "😂", "🤬", "👇", "🔥")

SUBREDDITS: tuple[str, ...] = (
    "unitedkingdom", "CasualUK", "AskUK", "britishproblems", "LegalAdviceUK", "soccer",
    "manchester", "london", "Leeds", "glasgow", "cardiff", "belfast", "ukpolitics",
    "UKPersonalFinance", "GreatBritishMemes",
)

BIO_LINES: tuple[str, ...] = (
    "Dad. Gym. Opinions my own.", "Just a normal bloke from {town}.", "Proud {town} lad.",
    "Says it how it is.", "Football, family, fishing.", "No DMs.", "{town} born and bred.",
    "Sarcasm is my love language.", "Here for the comments.", "Not a bot.",
    "Mum of 2 | {town}", "Retired. Plenty to say.", "Views are my own.", "Est. {year}",
)

BIO_CROSS_REFERENCES: tuple[str, ...] = (
    "backup acct {handle}", "now on {platform}: {handle}", "also on {platform} {handle}",
    "follow my other page {handle}", "main: {handle}", "{handle} on {platform} too",
)

BIO_RETURNS: tuple[str, ...] = (
    "formerly {handle} (suspended)", "old acct got banned, back again",
    "they banned {handle} lol", "back after the ban", "{handle} was me",
)

NARRATIVES: tuple[str, ...] = (
    "I came across this post on {platform} and found it really upsetting.",
    "This account keeps posting things like this and people are sharing it.",
    "My {relation} was sent this and asked me to report it.",
    "Please look at this post, it has been shared loads today.",
    "Reported it to the platform already but nothing has happened.",
    "The post is aimed at people like me because of my {characteristic}.",
    "Saw this in a local group. It targets people because of their {characteristic}.",
    "I want this taken down. It has been up for days.",
    "This was posted under a video about our community event.",
    "Lots of people are reporting this one, please act on it.",
    "Screenshot attached, the post has since been edited.",
    "I don't know who is behind the account but it needs stopping.",
)

RELATIONS: tuple[str, ...] = ("friend", "neighbour", "son", "daughter", "sister", "brother",
                              "partner", "colleague", "mum", "dad", "cousin", "client")

CHARACTERISTIC_WORDS: dict[str, tuple[str, ...]] = {
    "race": ("race", "ethnicity", "skin colour", "nationality"),
    "religion": ("religion", "faith", "beliefs"),
    "sexual_orientation": ("sexuality", "sexual orientation"),
    "disability": ("disability", "condition"),
    "transgender": ("gender identity", "being trans"),
}

STRAND_SPELLINGS: dict[str, tuple[str, ...]] = {
    "race": ("Race", "Racial", "racism", "Racism", "ethnicity", "nationality"),
    "religion": ("Religion", "religious", "faith", "Faith"),
    "sexual_orientation": ("Sexual orientation", "homophobic", "Homophobia",
                           "sexual orientation"),
    "disability": ("Disability", "disabled", "Disabled"),
    "transgender": ("Transgender", "transphobic", "Transgender identity", "transphobia"),
}

OTHER_CHARACTERISTICS: tuple[str, ...] = ("misogyny", "age", "gender", "sex workers",
                                          "alternative subculture", "class")

PLATFORM_SPELLINGS: dict[str, tuple[str, ...]] = {
    "x": ("Twitter", "twitter", "X", "x", "X (Twitter)", "X/Twitter", "twiter", "Tweet",
          "X (formerly Twitter)"),
    "facebook": ("Facebook", "facebook", "FB", "fb", "Face book", "Facebook group", "Meta"),
    "instagram": ("Instagram", "instagram", "insta", "Insta", "IG", "Instagramm"),
    "tiktok": ("TikTok", "tik tok", "Tiktok", "tiktok", "Tik Tok", "TICK TOCK"),
    "youtube": ("YouTube", "youtube", "You Tube", "YT", "Youtube comments"),
    "reddit": ("Reddit", "reddit", "REDDIT"),
    "telegram": ("Telegram", "telegram", "TG", "telegram channel"),
    "snapchat": ("Snapchat", "snap", "SnapChat", "snapchat"),
    "discord": ("Discord", "discord", "Discord server"),
    "whatsapp": ("WhatsApp", "whatsapp", "Whats app", "WhatsApp group", "whatsap"),
    "threads": ("Threads", "threads", "Threads app"),
    "bluesky": ("Bluesky", "bluesky", "Blue Sky", "bsky"),
    "linkedin": ("LinkedIn", "linkedin", "Linked in"),
    "twitch": ("Twitch", "twitch"),
    "gab": ("Gab", "gab", "gab.com"),
}

# Canonical platform names as they appear in bios ("now on insta: ...").
PLATFORM_WORDS: dict[str, tuple[str, ...]] = {
    "x": ("X", "twitter", "here"), "facebook": ("FB", "facebook"),
    "instagram": ("insta", "IG"), "tiktok": ("tiktok", "TT"), "youtube": ("YT", "youtube"),
    "reddit": ("reddit",), "telegram": ("TG", "telegram"), "snapchat": ("snap", "sc"),
    "discord": ("discord",), "whatsapp": ("whatsapp",), "threads": ("threads",),
    "bluesky": ("bsky",), "linkedin": ("linkedin",), "twitch": ("twitch",), "gab": ("gab",),
}
