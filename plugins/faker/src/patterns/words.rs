//! Word lists for `gen()` patterns the `fake` crate has no data for. Our own lists of facts
//! (breeds, airports, HTTP codes…), compiled in: nothing is loaded at run time.

#![cfg_attr(rustfmt, rustfmt::skip)]

pub const STREET_PREFIXES: &[&str] =
    &["North", "East", "West", "South", "New", "Lake", "Port", "Old", "Upper", "Lower"];
pub const STREET_SUFFIXES: &[&str] = &[
    "Street", "Avenue", "Boulevard", "Road", "Lane", "Drive", "Court", "Place", "Parkway", "Way", "Terrace",
    "Square", "Circle", "Trail", "Highway", "Crossing", "Row", "Walk",
];
pub const UNIT_KINDS: &[&str] = &["Apt", "Suite", "Unit", "Flat", "Room"];

/// (IANA name, abbreviation, full name, UTC offset in hours)
pub const TIMEZONES: &[(&str, &str, &str, f32)] = &[
    ("America/New_York", "EST", "Eastern Standard Time", -5.0),
    ("America/Chicago", "CST", "Central Standard Time", -6.0),
    ("America/Denver", "MST", "Mountain Standard Time", -7.0),
    ("America/Los_Angeles", "PST", "Pacific Standard Time", -8.0),
    ("America/Anchorage", "AKST", "Alaskan Standard Time", -9.0),
    ("Pacific/Honolulu", "HST", "Hawaiian Standard Time", -10.0),
    ("America/Halifax", "AST", "Atlantic Standard Time", -4.0),
    ("America/St_Johns", "NST", "Newfoundland Standard Time", -3.5),
    ("America/Sao_Paulo", "BRT", "E. South America Standard Time", -3.0),
    ("America/Argentina/Buenos_Aires", "ART", "Argentina Standard Time", -3.0),
    ("America/Mexico_City", "CST", "Central Standard Time (Mexico)", -6.0),
    ("America/Bogota", "COT", "SA Pacific Standard Time", -5.0),
    ("Atlantic/Azores", "AZOT", "Azores Standard Time", -1.0),
    ("Europe/London", "GMT", "GMT Standard Time", 0.0),
    ("Europe/Lisbon", "WET", "Western European Time", 0.0),
    ("Europe/Paris", "CET", "Romance Standard Time", 1.0),
    ("Europe/Berlin", "CET", "W. Europe Standard Time", 1.0),
    ("Europe/Warsaw", "CET", "Central European Standard Time", 1.0),
    ("Africa/Lagos", "WAT", "W. Central Africa Standard Time", 1.0),
    ("Europe/Athens", "EET", "GTB Standard Time", 2.0),
    ("Europe/Helsinki", "EET", "FLE Standard Time", 2.0),
    ("Africa/Cairo", "EET", "Egypt Standard Time", 2.0),
    ("Africa/Johannesburg", "SAST", "South Africa Standard Time", 2.0),
    ("Europe/Moscow", "MSK", "Russian Standard Time", 3.0),
    ("Europe/Istanbul", "TRT", "Turkey Standard Time", 3.0),
    ("Africa/Nairobi", "EAT", "E. Africa Standard Time", 3.0),
    ("Asia/Tehran", "IRST", "Iran Standard Time", 3.5),
    ("Asia/Dubai", "GST", "Arabian Standard Time", 4.0),
    ("Asia/Kabul", "AFT", "Afghanistan Standard Time", 4.5),
    ("Asia/Karachi", "PKT", "Pakistan Standard Time", 5.0),
    ("Asia/Kolkata", "IST", "India Standard Time", 5.5),
    ("Asia/Kathmandu", "NPT", "Nepal Standard Time", 5.75),
    ("Asia/Dhaka", "BST", "Bangladesh Standard Time", 6.0),
    ("Asia/Bangkok", "ICT", "SE Asia Standard Time", 7.0),
    ("Asia/Jakarta", "WIB", "Western Indonesia Time", 7.0),
    ("Asia/Shanghai", "CST", "China Standard Time", 8.0),
    ("Asia/Singapore", "SGT", "Singapore Standard Time", 8.0),
    ("Australia/Perth", "AWST", "W. Australia Standard Time", 8.0),
    ("Asia/Tokyo", "JST", "Tokyo Standard Time", 9.0),
    ("Asia/Seoul", "KST", "Korea Standard Time", 9.0),
    ("Australia/Adelaide", "ACST", "Cen. Australia Standard Time", 9.5),
    ("Australia/Sydney", "AEST", "AUS Eastern Standard Time", 10.0),
    ("Pacific/Guam", "ChST", "West Pacific Standard Time", 10.0),
    ("Pacific/Noumea", "NCT", "Central Pacific Standard Time", 11.0),
    ("Pacific/Auckland", "NZST", "New Zealand Standard Time", 12.0),
    ("Pacific/Fiji", "FJT", "Fiji Standard Time", 12.0),
    ("Pacific/Tongatapu", "TOT", "Tonga Standard Time", 13.0),
];

pub const AIRCRAFT_TYPES: &[&str] = &["Narrow-body", "Wide-body", "Regional", "Turboprop", "Business jet", "Cargo"];
pub const AIRPLANES: &[&str] = &[
    "Airbus A220", "Airbus A320", "Airbus A321", "Airbus A330", "Airbus A350", "Airbus A380", "Boeing 737",
    "Boeing 747", "Boeing 757", "Boeing 767", "Boeing 777", "Boeing 787", "Embraer E175", "Embraer E190",
    "Bombardier CRJ900", "ATR 72", "De Havilland Dash 8", "Cessna Citation X", "McDonnell Douglas MD-11",
];
/// (IATA code, airport name)
pub const AIRPORTS: &[(&str, &str)] = &[
    ("LHR", "Heathrow Airport"),
    ("LGW", "Gatwick Airport"),
    ("CDG", "Charles de Gaulle Airport"),
    ("AMS", "Amsterdam Airport Schiphol"),
    ("FRA", "Frankfurt Airport"),
    ("MUC", "Munich Airport"),
    ("MAD", "Adolfo Suárez Madrid–Barajas Airport"),
    ("BCN", "Barcelona–El Prat Airport"),
    ("FCO", "Leonardo da Vinci–Fiumicino Airport"),
    ("ZRH", "Zurich Airport"),
    ("VIE", "Vienna International Airport"),
    ("CPH", "Copenhagen Airport"),
    ("ARN", "Stockholm Arlanda Airport"),
    ("OSL", "Oslo Airport, Gardermoen"),
    ("HEL", "Helsinki Airport"),
    ("DUB", "Dublin Airport"),
    ("IST", "Istanbul Airport"),
    ("DXB", "Dubai International Airport"),
    ("DOH", "Hamad International Airport"),
    ("JFK", "John F. Kennedy International Airport"),
    ("LGA", "LaGuardia Airport"),
    ("EWR", "Newark Liberty International Airport"),
    ("ORD", "O'Hare International Airport"),
    ("ATL", "Hartsfield–Jackson Atlanta International Airport"),
    ("LAX", "Los Angeles International Airport"),
    ("SFO", "San Francisco International Airport"),
    ("SEA", "Seattle–Tacoma International Airport"),
    ("DFW", "Dallas Fort Worth International Airport"),
    ("DEN", "Denver International Airport"),
    ("BOS", "Logan International Airport"),
    ("MIA", "Miami International Airport"),
    ("YYZ", "Toronto Pearson International Airport"),
    ("YVR", "Vancouver International Airport"),
    ("MEX", "Mexico City International Airport"),
    ("GRU", "São Paulo/Guarulhos International Airport"),
    ("EZE", "Ministro Pistarini International Airport"),
    ("NRT", "Narita International Airport"),
    ("HND", "Haneda Airport"),
    ("ICN", "Incheon International Airport"),
    ("PEK", "Beijing Capital International Airport"),
    ("PVG", "Shanghai Pudong International Airport"),
    ("HKG", "Hong Kong International Airport"),
    ("SIN", "Singapore Changi Airport"),
    ("BKK", "Suvarnabhumi Airport"),
    ("DEL", "Indira Gandhi International Airport"),
    ("BOM", "Chhatrapati Shivaji Maharaj International Airport"),
    ("SYD", "Sydney Kingsford Smith Airport"),
    ("MEL", "Melbourne Airport"),
    ("AKL", "Auckland Airport"),
    ("JNB", "O. R. Tambo International Airport"),
    ("CPT", "Cape Town International Airport"),
    ("CAI", "Cairo International Airport"),
];
pub const AIRLINE_CODES: &[&str] = &[
    "BA", "AA", "UA", "DL", "LH", "AF", "KL", "IB", "EK", "QR", "SQ", "CX", "NH", "JL", "QF", "AC", "TK", "LX", "OS",
    "SK", "AY", "EI", "FR", "U2", "WN", "B6", "AS", "NZ", "ET", "LA",
];

pub const ANIMALS: &[&str] = &[
    "Lion", "Tiger", "Elephant", "Giraffe", "Zebra", "Kangaroo", "Koala", "Panda", "Wolf", "Fox", "Bear", "Rabbit",
    "Deer", "Otter", "Dolphin", "Whale", "Shark", "Octopus", "Penguin", "Eagle", "Owl", "Crocodile", "Turtle",
    "Frog", "Bee", "Butterfly", "Camel", "Hippopotamus", "Rhinoceros", "Cheetah",
];
pub const ANIMAL_TYPES: &[&str] =
    &["mammal", "bird", "reptile", "amphibian", "fish", "insect", "arachnid", "crustacean", "mollusc"];
pub const BIRDS: &[&str] = &[
    "Eagle", "Sparrow", "Robin", "Blue Jay", "Cardinal", "Hawk", "Falcon", "Owl", "Parrot", "Pelican", "Flamingo",
    "Heron", "Swan", "Goose", "Duck", "Penguin", "Ostrich", "Hummingbird", "Woodpecker", "Kingfisher", "Magpie",
    "Crow", "Raven", "Seagull", "Albatross",
];
pub const CATS: &[&str] = &[
    "Siamese", "Persian", "Maine Coon", "Ragdoll", "Bengal", "Sphynx", "British Shorthair", "Abyssinian",
    "Scottish Fold", "Birman", "Russian Blue", "Norwegian Forest Cat", "Devon Rex", "Burmese", "Savannah",
];
pub const DOGS: &[&str] = &[
    "Labrador", "German Shepherd", "Golden Retriever", "Bulldog", "Beagle", "Poodle", "Rottweiler", "Dachshund",
    "Boxer", "Siberian Husky", "Border Collie", "Chihuahua", "Shih Tzu", "Great Dane", "Doberman", "Pug",
    "Cocker Spaniel", "Dalmatian", "Corgi", "Whippet",
];
pub const FARM_ANIMALS: &[&str] =
    &["Cow", "Pig", "Sheep", "Goat", "Chicken", "Horse", "Duck", "Turkey", "Donkey", "Llama", "Alpaca", "Goose"];
pub const PET_NAMES: &[&str] = &[
    "Buddy", "Bella", "Max", "Luna", "Charlie", "Lucy", "Cooper", "Daisy", "Rocky", "Molly", "Bear", "Sadie", "Tucker",
    "Maggie", "Oliver", "Chloe", "Milo", "Penny", "Teddy", "Rosie", "Biscuit", "Pepper", "Ziggy", "Noodle",
];

pub const COLORS: &[&str] = &[
    "AliceBlue", "AntiqueWhite", "Aqua", "Aquamarine", "Azure", "Beige", "Bisque", "Black", "BlanchedAlmond", "Blue",
    "BlueViolet", "Brown", "BurlyWood", "CadetBlue", "Chartreuse", "Chocolate", "Coral", "CornflowerBlue", "Crimson",
    "Cyan", "DarkBlue", "DarkCyan", "DarkGoldenRod", "DarkGreen", "DarkOrange", "DarkRed", "DeepPink", "DeepSkyBlue",
    "DodgerBlue", "FireBrick", "ForestGreen", "Fuchsia", "Gold", "GoldenRod", "Gray", "Green", "HotPink",
    "IndianRed", "Indigo", "Ivory", "Khaki", "Lavender", "LawnGreen", "LemonChiffon", "LightBlue", "LightCoral",
    "LightGreen", "Lime", "LimeGreen", "Linen", "Magenta", "Maroon", "MediumSlateBlue", "MidnightBlue", "MintCream",
    "Navy", "Olive", "Orange", "OrangeRed", "Orchid", "PaleGreen", "Peru", "Pink", "Plum", "Purple", "Red",
    "RosyBrown", "RoyalBlue", "Salmon", "SeaGreen", "Sienna", "Silver", "SkyBlue", "SlateGray", "SpringGreen",
    "SteelBlue", "Tan", "Teal", "Thistle", "Tomato", "Turquoise", "Violet", "Wheat", "White", "Yellow",
    "YellowGreen",
];
pub const SAFE_COLORS: &[&str] = &[
    "black", "maroon", "green", "navy", "olive", "purple", "teal", "lime", "blue", "silver", "gray", "yellow",
    "fuchsia", "aqua", "white",
];

pub const COMPANY_SUFFIXES: &[&str] =
    &["Inc.", "LLC", "Ltd.", "Group", "Corp.", "Co.", "GmbH", "S.A.", "PLC", "and Sons", "Holdings", "Partners"];
pub const BUZZWORDS: &[&str] = &[
    "synergize", "leverage", "empower", "streamline", "disrupt", "optimize", "scale", "innovate", "monetize",
    "incentivize", "orchestrate", "transform", "engage", "harness", "integrate", "revolutionize", "cultivate",
    "envisioneer", "iterate", "reinvent",
];
pub const BS_ADJECTIVES: &[&str] = &[
    "scalable", "seamless", "end-to-end", "mission-critical", "real-time", "cross-platform", "best-of-breed",
    "holistic", "robust", "frictionless", "cutting-edge", "user-centric", "data-driven", "agile", "turnkey",
    "next-generation", "cloud-native", "sticky", "viral", "granular",
];
pub const BS_NOUNS: &[&str] = &[
    "mindshare", "synergies", "paradigms", "platforms", "deliverables", "solutions", "infrastructures", "metrics",
    "channels", "ecosystems", "experiences", "functionalities", "networks", "architectures", "supply-chains",
    "web services", "initiatives", "content", "communities", "markets",
];
pub const BLURBS: &[&str] = &[
    "We provide scalable solutions for modern teams.", "Building the future of logistics, one shipment at a time.",
    "Trusted by thousands of businesses worldwide.", "Making payments simple, fast and secure.",
    "Your data, working harder for you.", "Connecting people with the places they love.",
    "Sustainable products for everyday life.", "Helping small businesses grow since 1998.",
    "Software that gets out of your way.", "Smarter energy for a cleaner planet.", "Care that puts patients first.",
    "Learning made personal.",
];
pub const SLOGAN_VERBS: &[&str] = &["Think", "Build", "Imagine", "Discover", "Create", "Live", "Share", "Grow", "Do"];
pub const SLOGAN_ENDS: &[&str] = &[
    "different.", "bigger.", "better.", "beyond.", "together.", "smarter.", "more.", "for tomorrow.", "with us.",
    "without limits.",
];
pub const JOB_DESCRIPTORS: &[&str] = &[
    "Senior", "Junior", "Lead", "Principal", "Chief", "Global", "Regional", "District", "Central", "Corporate",
    "Direct", "Dynamic", "Forward", "Future", "Human", "Internal", "International", "Investor", "Legacy", "National",
    "Product", "Customer",
];
pub const JOB_LEVELS: &[&str] = &[
    "Manager", "Assurance", "Accountability", "Applications", "Branding", "Communications", "Configuration",
    "Creative", "Data", "Directives", "Division", "Factors", "Functionality", "Group", "Identity", "Implementation",
    "Infrastructure", "Integration", "Interactions", "Markets", "Metrics", "Mobility", "Operations", "Optimization",
    "Paradigm", "Program", "Quality", "Research", "Response", "Security", "Solutions", "Tactics", "Usability",
];
pub const JOB_TITLES: &[&str] = &[
    "Administrator", "Agent", "Analyst", "Architect", "Assistant", "Associate", "Consultant", "Coordinator",
    "Designer", "Developer", "Director", "Engineer", "Executive", "Facilitator", "Liaison", "Manager", "Officer",
    "Orchestrator", "Planner", "Producer", "Representative", "Specialist", "Strategist", "Supervisor", "Technician",
];

pub const EMOJI: &[(&str, &str, &str)] = &[
    // (emoji, alias, category)
    ("😀", "grinning", "Smileys & Emotion"),
    ("😂", "joy", "Smileys & Emotion"),
    ("😊", "blush", "Smileys & Emotion"),
    ("😍", "heart_eyes", "Smileys & Emotion"),
    ("😎", "sunglasses", "Smileys & Emotion"),
    ("🤔", "thinking", "Smileys & Emotion"),
    ("😢", "cry", "Smileys & Emotion"),
    ("😡", "rage", "Smileys & Emotion"),
    ("🎉", "tada", "Activities"),
    ("⚽", "soccer", "Activities"),
    ("🎮", "video_game", "Activities"),
    ("🐕", "dog2", "Animals & Nature"),
    ("🐈", "cat2", "Animals & Nature"),
    ("🌻", "sunflower", "Animals & Nature"),
    ("🍕", "pizza", "Food & Drink"),
    ("🍎", "apple", "Food & Drink"),
    ("☕", "coffee", "Food & Drink"),
    ("🚗", "car", "Travel & Places"),
    ("🗽", "statue_of_liberty", "Travel & Places"),
    ("☀️", "sunny", "Travel & Places"),
    ("📱", "iphone", "Objects"),
    ("🔧", "wrench", "Objects"),
    ("🎸", "guitar", "Objects"),
    ("👗", "dress", "Objects"),
    ("👍", "thumbsup", "People & Body"),
    ("🤷", "shrug", "People & Body"),
    ("👩", "woman", "People & Body"),
    ("❤️", "heart", "Symbols"),
    ("✅", "white_check_mark", "Symbols"),
    ("🇺🇸", "us", "Flags"),
    ("🇬🇧", "gb", "Flags"),
];
pub const EMOJI_ANIMALS: &[&str] =
    &["🐕", "🐈", "🐎", "🐄", "🐖", "🐑", "🐇", "🦊", "🐻", "🐼", "🐨", "🐯", "🦁", "🐸", "🐧", "🦉", "🐬", "🐙"];
pub const EMOJI_CLOTHING: &[&str] =
    &["👗", "👕", "👖", "🧥", "🧣", "🧤", "🧦", "👔", "👒", "🎩", "👟", "👠", "👜", "🩳"];
pub const EMOJI_COSTUME: &[&str] = &["🧛", "🧙", "🧚", "🧜", "🧝", "🧞", "🧟", "🦸", "🦹", "🤡", "👻", "🎅", "🥷"];
pub const EMOJI_ELECTRONICS: &[&str] = &["📱", "💻", "🖥️", "⌨️", "🖱️", "🖨️", "📷", "📺", "📻", "🎧", "🔋", "💾", "📡"];
pub const EMOJI_FACES: &[&str] =
    &["😀", "😃", "😄", "😁", "😊", "😉", "😍", "😘", "😎", "🤔", "😐", "😴", "😢", "😭", "😡", "🥳", "🤩", "😇"];
pub const EMOJI_FLAGS: &[&str] = &["🇺🇸", "🇬🇧", "🇫🇷", "🇩🇪", "🇯🇵", "🇨🇦", "🇮🇹", "🇪🇸", "🇧🇷", "🇮🇳", "🇦🇺", "🇰🇷", "🇲🇽", "🇳🇱"];
pub const EMOJI_FOOD: &[&str] =
    &["🍕", "🍔", "🍟", "🌭", "🌮", "🍣", "🍜", "🍝", "🥗", "🍎", "🍌", "🍇", "🍓", "🥐", "🧀", "🍩", "🍰", "🍫"];
pub const EMOJI_GAMES: &[&str] = &["🎮", "🕹️", "🎲", "♟️", "🃏", "🎯", "🎳", "🧩", "🀄", "🎰"];
pub const EMOJI_GESTURES: &[&str] = &["🤷", "🙋", "🙆", "🙅", "🤦", "🙇", "💁", "🙌", "👏", "🙏"];
pub const EMOJI_HANDS: &[&str] = &["👍", "👎", "👌", "✌️", "🤞", "🤟", "🤘", "👋", "✋", "👊", "🤝", "💪", "☝️", "👉"];
pub const EMOJI_JOBS: &[&str] =
    &["👨‍🔬", "👩‍🔬", "👨‍💻", "👩‍💻", "👨‍🍳", "👩‍🍳", "👨‍🚀", "👩‍🚀", "👮", "👷", "💂", "🕵️", "👨‍⚕️", "👩‍🏫", "👨‍🌾"];
pub const EMOJI_LANDMARKS: &[&str] = &["🗽", "🗼", "🏰", "🏯", "🗿", "⛩️", "🕌", "⛪", "🕍", "🏛️", "🌉", "🎡", "🗻"];
pub const EMOJI_MUSIC: &[&str] = &["🎸", "🎹", "🎺", "🎻", "🥁", "🎷", "🎤", "🎧", "🎼", "🎵", "🎶", "🪗"];
pub const EMOJI_PEOPLE: &[&str] = &["👩", "👨", "🧑", "👧", "👦", "👶", "👵", "👴", "🧓", "👱", "🧔", "👸", "🤴"];
pub const EMOJI_PLANTS: &[&str] =
    &["🌻", "🌹", "🌷", "🌸", "🌼", "🌺", "🌵", "🌲", "🌳", "🌴", "🌱", "🌿", "🍀", "🍁", "🍄"];
pub const EMOJI_SPORTS: &[&str] = &["⚽", "🏀", "🏈", "⚾", "🎾", "🏐", "🏉", "🎱", "🏓", "🏸", "🥊", "⛳", "🏒", "🏏"];
pub const EMOJI_TAGS: &[&str] = &[
    "happy", "sad", "love", "party", "food", "travel", "work", "music", "sport", "nature", "animal", "weather",
    "celebration", "funny", "angry", "cool",
];
pub const EMOJI_TOOLS: &[&str] = &["🔧", "🔨", "🪛", "🪚", "⚒️", "🛠️", "⛏️", "🔩", "🧰", "🪓", "📏", "🧲"];
pub const EMOJI_VEHICLES: &[&str] =
    &["🚗", "🚕", "🚙", "🚌", "🚎", "🏎️", "🚓", "🚑", "🚒", "🚚", "🚜", "🚲", "🛵", "🏍️", "✈️", "🚀", "🚢", "🚂"];
pub const EMOJI_WEATHER: &[&str] =
    &["☀️", "🌤️", "⛅", "☁️", "🌧️", "⛈️", "🌩️", "🌨️", "❄️", "🌪️", "🌫️", "🌈", "☔", "⚡"];

pub const BOOK_AUTHORS: &[&str] = &[
    "F. Scott Fitzgerald", "James Joyce", "Jane Austen", "Leo Tolstoy", "Virginia Woolf", "Toni Morrison",
    "Gabriel García Márquez", "George Orwell", "Chinua Achebe", "Haruki Murakami", "Charles Dickens", "Mark Twain",
    "Fyodor Dostoevsky", "Margaret Atwood", "Herman Melville", "Mary Shelley", "Franz Kafka", "D. H. Lawrence",
];
pub const BOOK_GENRES: &[&str] = &[
    "Fiction", "Mystery", "Thriller", "Romance", "Fantasy", "Science Fiction", "Horror", "Biography", "History",
    "Poetry", "Saga", "Adventure", "Drama", "Satire", "Memoir", "Crime",
];
pub const BOOK_TITLES: &[&str] = &[
    "The Great Gatsby", "Ulysses", "Pride and Prejudice", "War and Peace", "Mrs Dalloway", "Beloved",
    "One Hundred Years of Solitude", "Nineteen Eighty-Four", "Things Fall Apart", "Norwegian Wood", "Bleak House",
    "Adventures of Huckleberry Finn", "Crime and Punishment", "The Handmaid's Tale", "Moby-Dick", "Frankenstein",
    "The Trial", "Sons and Lovers", "Middlemarch", "Don Quixote",
];
pub const ACTORS: &[&str] = &[
    "Tom Hanks", "Meryl Streep", "Denzel Washington", "Cate Blanchett", "Leonardo DiCaprio", "Viola Davis",
    "Morgan Freeman", "Natalie Portman", "Daniel Day-Lewis", "Penélope Cruz", "Keanu Reeves", "Emma Thompson",
    "Samuel L. Jackson", "Julia Roberts", "Idris Elba", "Tilda Swinton",
];
pub const BUSINESS_PEOPLE: &[&str] = &[
    "Elon Musk", "Bill Gates", "Warren Buffett", "Oprah Winfrey", "Jeff Bezos", "Indra Nooyi", "Richard Branson",
    "Steve Jobs", "Mary Barra", "Jack Ma", "Larry Page", "Sheryl Sandberg", "Satya Nadella", "Tim Cook",
];
pub const ATHLETES: &[&str] = &[
    "Serena Williams", "Usain Bolt", "Lionel Messi", "Roger Federer", "Simone Biles", "Michael Jordan",
    "Cristiano Ronaldo", "Michael Phelps", "LeBron James", "Naomi Osaka", "Tiger Woods", "Megan Rapinoe",
    "Rafael Nadal", "Eliud Kipchoge",
];
pub const GAMER_WORDS: &[&str] = &[
    "Slayer", "Ninja", "Shadow", "Ghost", "Viper", "Raptor", "Blaze", "Frost", "Storm", "Reaper", "Phantom", "Titan",
    "Wolf", "Nova", "Pixel", "Rogue",
];
pub const HOBBIES: &[&str] = &[
    "Photography", "Gardening", "Cooking", "Reading", "Hiking", "Painting", "Cycling", "Knitting", "Fishing",
    "Chess", "Birdwatching", "Pottery", "Running", "Swimming", "Woodworking", "Baking", "Climbing", "Yoga",
    "Calligraphy", "Board games",
];
pub const MOVIE_GENRES: &[&str] = &[
    "Action", "Adventure", "Animation", "Comedy", "Crime", "Documentary", "Drama", "Family", "Fantasy", "History",
    "Horror", "Music", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
];
pub const MOVIE_NAMES: &[&str] = &[
    "The Matrix", "Casablanca", "Sherlock Jr.", "The Godfather", "Spirited Away", "Metropolis", "Alien",
    "Seven Samurai", "Vertigo", "Parasite", "Amélie", "Jaws", "Rear Window", "The Third Man", "Psycho", "Chinatown",
    "Inception", "Goodfellas", "Modern Times", "Heat",
];
pub const SONG_ARTISTS: &[&str] = &[
    "Queen", "The Beatles", "Olivia Newton-John", "Aretha Franklin", "David Bowie", "ABBA", "Nina Simone",
    "Bob Marley", "Fleetwood Mac", "Prince", "Radiohead", "Adele", "Johnny Cash", "Stevie Wonder", "Björk",
    "Kraftwerk",
];
pub const SONG_GENRES: &[&str] = &[
    "Rock", "Pop", "Jazz", "Blues", "Country", "Hip Hop", "Classical", "Reggae", "Soul", "Folk", "Electronic",
    "Metal", "Punk", "R&B", "Funk", "Disco",
];
pub const SONG_NAMES: &[&str] = &[
    "Bohemian Rhapsody", "Agora Hills", "Hey Jude", "Respect", "Heroes", "Dancing Queen", "Feeling Good",
    "Redemption Song", "Dreams", "Purple Rain", "Karma Police", "Rolling in the Deep", "Ring of Fire",
    "Superstition", "Jolene", "Imagine", "Waterloo Sunset", "Life on Mars?",
];

pub const ERRORS_GENERAL: &[&str] = &[
    "unexpected EOF", "invalid argument", "permission denied", "resource temporarily unavailable",
    "operation not permitted", "file not found", "broken pipe", "no space left on device", "context canceled",
    "value out of range",
];
pub const ERRORS_DATABASE: &[&str] = &[
    "connection refused", "deadlock detected", "duplicate key value violates unique constraint",
    "relation does not exist", "too many connections", "lock wait timeout exceeded", "syntax error at or near",
    "could not serialize access due to concurrent update", "foreign key constraint fails",
    "connection reset by peer",
];
pub const ERRORS_GRPC: &[&str] = &[
    "deadline exceeded", "unavailable", "permission denied", "not found", "already exists", "resource exhausted",
    "failed precondition", "aborted", "unimplemented", "internal", "unauthenticated", "canceled",
];
pub const ERRORS_HTTP_CLIENT: &[&str] = &[
    "400 Bad Request", "401 Unauthorized", "403 Forbidden", "404 Not Found", "405 Method Not Allowed",
    "408 Request Timeout", "409 Conflict", "413 Payload Too Large", "422 Unprocessable Entity",
    "429 Too Many Requests",
];
pub const ERRORS_HTTP_SERVER: &[&str] = &[
    "500 Internal Server Error", "501 Not Implemented", "502 Bad Gateway", "503 Service Unavailable",
    "504 Gateway Timeout", "505 HTTP Version Not Supported",
];
pub const ERRORS_RUNTIME: &[&str] = &[
    "index out of bounds", "nil pointer dereference", "stack overflow", "division by zero", "out of memory",
    "assertion failed", "invalid memory address", "integer overflow", "concurrent map writes", "unreachable code",
];
pub const ERRORS_VALIDATION: &[&str] = &[
    "field required", "invalid email address", "value too long", "value too short", "must be a number",
    "must be positive", "invalid date format", "unknown field", "does not match pattern", "must be unique",
];

pub const BANK_NAMES: &[&str] = &[
    "Chase", "Bank of America", "Wells Fargo", "Citibank", "HSBC", "Barclays", "BNP Paribas", "Deutsche Bank",
    "Santander", "UBS", "ING", "Mizuho", "Royal Bank of Canada", "Commonwealth Bank", "Standard Chartered",
    "Crédit Agricole", "Nordea", "Rabobank",
];
pub const BANK_TYPES: &[&str] = &[
    "Commercial", "Retail", "Investment", "Savings", "Credit Union", "Central", "Cooperative", "Online", "Private",
    "Development",
];
pub const CARD_TYPES: &[&str] =
    &["Visa", "Mastercard", "American Express", "Discover", "JCB", "Diners Club", "UnionPay"];

pub const BEER_HOPS: &[&str] = &[
    "Cascade", "Centennial", "Citra", "Mosaic", "Simcoe", "Amarillo", "Saaz", "Hallertau", "Fuggle",
    "East Kent Golding", "Chinook", "Nelson Sauvin", "Galaxy", "Tettnang",
];
pub const BEER_MALTS: &[&str] = &[
    "Pale Ale", "Pilsner", "Munich", "Vienna", "Crystal", "Chocolate", "Black Patent", "Wheat", "Rye", "Maris Otter",
    "Caramel", "Roasted Barley",
];
pub const BEER_NAMES: &[&str] = &[
    "Duvel", "Guinness", "Pilsner Urquell", "Chimay Blue", "Sierra Nevada Pale Ale", "Orval", "Westmalle Tripel",
    "Weihenstephaner Hefeweissbier", "Rochefort 10", "Samuel Adams Boston Lager", "Brooklyn Lager", "Punk IPA",
    "Hoegaarden", "La Chouffe",
];
pub const BEER_STYLES: &[&str] = &[
    "IPA", "Pale Ale", "Stout", "Porter", "Lager", "Pilsner", "Wheat Beer", "Saison", "Tripel", "Dubbel", "Sour",
    "Amber Ale", "Brown Ale", "Bock", "Barleywine", "Kölsch",
];
pub const BEER_YEASTS: &[&str] = &[
    "Safale US-05", "Safale S-04", "Saflager W-34/70", "Wyeast 1056", "Wyeast 3787", "WLP001", "WLP300",
    "Nottingham", "Belle Saison", "Kveik Voss",
];
pub const BREAKFASTS: &[&str] = &[
    "Scrambled eggs", "Pancakes", "Porridge", "Waffles", "Granola with yoghurt", "French toast", "Bacon and eggs",
    "Avocado toast", "Croissant", "Shakshuka", "Congee", "Eggs Benedict",
];
pub const DESSERTS: &[&str] = &[
    "Chocolate cake", "Apple pie", "Tiramisu", "Crème brûlée", "Cheesecake", "Panna cotta", "Ice cream", "Brownies",
    "Baklava", "Mochi", "Pavlova", "Lemon tart",
];
pub const DINNERS: &[&str] = &[
    "Grilled salmon", "Roast chicken", "Beef stew", "Spaghetti carbonara", "Vegetable curry", "Pad thai",
    "Mushroom risotto", "Lamb tagine", "Fish tacos", "Paella", "Ramen", "Stuffed peppers",
];
pub const DRINKS: &[&str] = &[
    "Lemonade", "Iced tea", "Coffee", "Green tea", "Orange juice", "Sparkling water", "Hot chocolate", "Smoothie",
    "Milkshake", "Kombucha", "Ginger ale", "Espresso",
];
pub const FRUITS: &[&str] = &[
    "Apple", "Banana", "Orange", "Mango", "Pineapple", "Strawberry", "Blueberry", "Grape", "Watermelon", "Peach",
    "Pear", "Cherry", "Kiwi", "Plum", "Papaya", "Lychee", "Fig", "Pomegranate",
];
pub const LUNCHES: &[&str] = &[
    "Caesar salad", "Club sandwich", "Tomato soup", "Burrito", "Falafel wrap", "Sushi", "Quiche", "Poke bowl",
    "Grilled cheese", "Noodle soup", "Chicken wrap", "Bento box",
];
pub const SNACKS: &[&str] = &[
    "Trail mix", "Popcorn", "Pretzels", "Granola bar", "Rice cakes", "Hummus and carrots", "Crackers", "Almonds",
    "Fruit salad", "Yoghurt", "Beef jerky", "Edamame",
];
pub const VEGETABLES: &[&str] = &[
    "Broccoli", "Carrot", "Spinach", "Potato", "Tomato", "Cucumber", "Onion", "Garlic", "Pepper", "Cauliflower",
    "Zucchini", "Kale", "Asparagus", "Eggplant", "Lettuce", "Pea", "Leek", "Beetroot",
];

pub const ADJ_DEMONSTRATIVE: &[&str] = &["this", "that", "these", "those"];
pub const ADJ_DESCRIPTIVE: &[&str] = &[
    "beautiful", "bright", "quiet", "tall", "soft", "brave", "calm", "eager", "gentle", "happy", "huge", "tiny",
    "old", "young", "quick", "slow", "warm", "cold", "shiny", "smooth", "heavy", "light", "clever", "proud",
];
pub const ADJ_INDEFINITE: &[&str] = &["some", "any", "many", "few", "several", "each", "every", "other", "all", "no"];
pub const ADJ_INTERROGATIVE: &[&str] = &["which", "what", "whose"];
pub const ADJ_POSSESSIVE: &[&str] = &["my", "your", "his", "her", "its", "our", "their"];
pub const ADJ_PROPER: &[&str] = &[
    "American", "British", "French", "German", "Italian", "Spanish", "Japanese", "Chinese", "Indian", "Brazilian",
    "Canadian", "Mexican", "Victorian", "Shakespearean", "Christian", "Buddhist",
];
pub const ADJ_QUANTITATIVE: &[&str] =
    &["several", "much", "little", "enough", "whole", "half", "double", "numerous", "sufficient", "most"];
pub const ADV_DEGREE: &[&str] =
    &["very", "quite", "rather", "too", "extremely", "almost", "barely", "fairly", "so", "enough"];
pub const ADV_FREQ_DEFINITE: &[&str] = &["daily", "weekly", "monthly", "yearly", "hourly", "nightly", "annually"];
pub const ADV_FREQ_INDEFINITE: &[&str] =
    &["often", "always", "never", "sometimes", "rarely", "usually", "seldom", "frequently"];
pub const ADV_MANNER: &[&str] = &[
    "carefully", "quickly", "slowly", "quietly", "loudly", "happily", "gently", "badly", "eagerly", "boldly",
    "calmly", "neatly",
];
pub const ADV_PLACE: &[&str] =
    &["here", "there", "everywhere", "somewhere", "nowhere", "outside", "inside", "nearby", "abroad", "upstairs"];
pub const ADV_TIME_DEFINITE: &[&str] = &["yesterday", "today", "tomorrow", "now", "then", "tonight", "last year"];
pub const ADV_TIME_INDEFINITE: &[&str] =
    &["soon", "later", "recently", "already", "eventually", "lately", "still", "yet"];
pub const CONN_CAUSAL: &[&str] = &["because", "since", "therefore", "so", "consequently", "as a result", "thus"];
pub const CONN_COMPARATIVE: &[&str] =
    &["similarly", "likewise", "whereas", "in contrast", "on the other hand", "however", "equally"];
pub const CONN_COMPLAINT: &[&str] = &["unfortunately", "regrettably", "frankly", "to be honest", "sadly", "annoyingly"];
pub const CONN_EXAMPLIFY: &[&str] =
    &["for instance", "for example", "such as", "namely", "in particular", "to illustrate"];
pub const CONN_LISTING: &[&str] =
    &["firstly", "secondly", "thirdly", "finally", "next", "lastly", "to begin with", "in addition"];
pub const CONN_TIME: &[&str] =
    &["meanwhile", "afterwards", "then", "later", "previously", "eventually", "subsequently", "until"];
pub const INTERJECTIONS: &[&str] =
    &["wow", "oh", "ouch", "hey", "hooray", "alas", "oops", "yikes", "bravo", "hmm", "phew", "aha"];
pub const NOUN_ABSTRACT: &[&str] = &[
    "freedom", "love", "courage", "wisdom", "justice", "happiness", "knowledge", "honesty", "patience", "beauty",
    "truth", "trust", "fear", "hope", "curiosity",
];
pub const NOUN_COLLECTIVE_ANIMAL: &[&str] =
    &["flock", "herd", "pack", "swarm", "school", "pride", "colony", "pod", "gaggle", "murder"];
pub const NOUN_COLLECTIVE_PEOPLE: &[&str] =
    &["crowd", "team", "band", "crew", "audience", "committee", "choir", "family", "staff", "troupe"];
pub const NOUN_COLLECTIVE_THING: &[&str] =
    &["bundle", "bunch", "stack", "pile", "set", "fleet", "batch", "collection", "series", "range"];
pub const NOUN_COMMON: &[&str] = &[
    "book", "city", "dog", "teacher", "river", "table", "phone", "window", "garden", "car", "friend", "house", "music",
    "road", "school", "tree",
];
pub const NOUN_CONCRETE: &[&str] = &[
    "chair", "apple", "rock", "pencil", "door", "bottle", "cup", "lamp", "shoe", "bridge", "mountain", "ocean",
    "clock", "key",
];
pub const NOUN_COUNTABLE: &[&str] =
    &["apple", "car", "idea", "bottle", "chair", "egg", "friend", "coin", "song", "letter", "island", "bag"];
pub const NOUN_DETERMINERS: &[&str] = &["the", "a", "an", "this", "that", "every", "each", "some", "my", "your"];
pub const NOUN_PROPER: &[&str] = &[
    "London", "Paris", "Tokyo", "Amazon", "Everest", "Mars", "Monday", "January", "Nile", "Sahara", "Atlantic",
    "Berlin", "Toronto", "Sydney",
];
pub const NOUN_UNCOUNTABLE: &[&str] = &[
    "water", "rice", "sand", "information", "advice", "furniture", "music", "luggage", "money", "weather", "bread",
    "milk",
];
pub const PREP_COMPOUND: &[&str] = &[
    "in front of", "next to", "in spite of", "on top of", "because of", "instead of", "according to",
    "in addition to",
];
pub const PREP_DOUBLE: &[&str] =
    &["out of", "into", "onto", "from behind", "from under", "upon", "within", "alongside"];
pub const PREP_SIMPLE: &[&str] = &["at", "in", "on", "by", "for", "with", "from", "to", "of", "under", "over", "near"];
pub const PRON_DEMONSTRATIVE: &[&str] = &["this", "that", "these", "those"];
pub const PRON_INDEFINITE: &[&str] =
    &["someone", "anyone", "everyone", "nobody", "something", "anything", "everything", "nothing", "somebody", "each"];
pub const PRON_INTERROGATIVE: &[&str] = &["who", "whom", "whose", "what", "which"];
pub const PRON_OBJECT: &[&str] = &["me", "you", "him", "her", "it", "us", "them"];
pub const PRON_PERSONAL: &[&str] = &["I", "you", "he", "she", "it", "we", "they"];
pub const PRON_POSSESSIVE: &[&str] = &["mine", "yours", "his", "hers", "ours", "theirs"];
pub const PRON_REFLECTIVE: &[&str] =
    &["myself", "yourself", "himself", "herself", "itself", "ourselves", "yourselves", "themselves"];
pub const PRON_RELATIVE: &[&str] = &["who", "whom", "whose", "which", "that", "whoever", "whatever"];
pub const VERB_ACTION: &[&str] = &[
    "jump", "run", "write", "build", "throw", "climb", "swim", "cook", "read", "paint", "dance", "drive", "carry",
    "open", "push",
];
pub const VERB_HELPING: &[&str] =
    &["would", "could", "should", "might", "must", "can", "will", "shall", "may", "do", "have", "be"];
pub const VERB_INTRANSITIVE: &[&str] =
    &["sleep", "arrive", "laugh", "cry", "exist", "fall", "smile", "wait", "sneeze", "die", "go", "rise"];
pub const VERB_LINKING: &[&str] =
    &["seem", "appear", "become", "feel", "look", "remain", "sound", "stay", "grow", "prove", "taste", "is"];
pub const VERB_TRANSITIVE: &[&str] =
    &["carry", "build", "buy", "send", "take", "love", "find", "bring", "hold", "make", "need", "want"];

pub const HACKER_ABBREVIATIONS: &[&str] = &[
    "SQL", "TCP", "HTTP", "SSL", "SMTP", "JSON", "XML", "API", "CSS", "RAM", "GB", "AI", "SAS", "USB", "PCI", "EXE",
    "SMS", "SCSI", "FTP", "IP",
];
pub const HACKER_ADJECTIVES: &[&str] = &[
    "back-end", "auxiliary", "bluetooth", "cross-platform", "digital", "haptic", "mobile", "multi-byte", "neural",
    "online", "open-source", "optical", "primary", "redundant", "solid state", "virtual", "wireless",
];
pub const HACKER_ING_VERBS: &[&str] = &[
    "hacking", "backing up", "bypassing", "calculating", "compressing", "connecting", "copying", "generating",
    "indexing", "navigating", "overriding", "parsing", "programming", "quantifying", "synthesizing", "transmitting",
];
pub const HACKER_NOUNS: &[&str] = &[
    "firewall", "alarm", "application", "array", "bandwidth", "bus", "capacitor", "card", "circuit", "driver",
    "feed", "hard drive", "interface", "matrix", "microchip", "monitor", "panel", "pixel", "port", "protocol",
    "sensor", "system", "transmitter",
];
pub const HACKER_VERBS: &[&str] = &[
    "parse", "back up", "bypass", "calculate", "compress", "connect", "copy", "generate", "hack", "index", "input",
    "navigate", "override", "program", "quantify", "reboot", "synthesize", "transmit",
];

pub const API_USER_AGENTS: &[&str] = &[
    "curl/7.68.0", "curl/8.5.0", "Wget/1.21.3", "PostmanRuntime/7.36.0", "python-requests/2.31.0",
    "Go-http-client/1.1", "Go-http-client/2.0", "axios/1.6.2", "okhttp/4.12.0",
    "Apache-HttpClient/4.5.14 (Java/17.0.9)", "insomnia/8.4.5", "node-fetch/1.0", "HTTPie/3.2.2",
];
pub const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
pub const HTTP_STATUS_CODES: &[i64] = &[
    100, 101, 200, 201, 202, 203, 204, 205, 206, 300, 301, 302, 303, 304, 307, 308, 400, 401, 402, 403, 404, 405, 406,
    407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 422, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503,
    504, 505, 511,
];
pub const HTTP_STATUS_SIMPLE: &[i64] = &[200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 500, 502, 503];
pub const HTTP_VERSIONS: &[&str] = &["HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/3.0"];
pub const INPUT_NAMES: &[&str] = &[
    "first_name", "last_name", "email", "password", "username", "phone", "address", "city", "zip", "country",
    "company", "message", "title", "date_of_birth", "search", "quantity", "comment", "website",
];

/// (name, ISO 639-1 code, BCP 47 tag)
pub const LANGUAGES: &[(&str, &str, &str)] = &[
    ("English", "en", "en-US"),
    ("Spanish", "es", "es-ES"),
    ("French", "fr", "fr-FR"),
    ("German", "de", "de-DE"),
    ("Italian", "it", "it-IT"),
    ("Portuguese", "pt", "pt-BR"),
    ("Dutch", "nl", "nl-NL"),
    ("Swedish", "sv", "sv-SE"),
    ("Norwegian", "no", "nb-NO"),
    ("Danish", "da", "da-DK"),
    ("Finnish", "fi", "fi-FI"),
    ("Polish", "pl", "pl-PL"),
    ("Czech", "cs", "cs-CZ"),
    ("Greek", "el", "el-GR"),
    ("Turkish", "tr", "tr-TR"),
    ("Russian", "ru", "ru-RU"),
    ("Ukrainian", "uk", "uk-UA"),
    ("Arabic", "ar", "ar-SA"),
    ("Hebrew", "he", "he-IL"),
    ("Hindi", "hi", "hi-IN"),
    ("Bengali", "bn", "bn-BD"),
    ("Japanese", "ja", "ja-JP"),
    ("Korean", "ko", "ko-KR"),
    ("Chinese", "zh", "zh-CN"),
    ("Thai", "th", "th-TH"),
    ("Vietnamese", "vi", "vi-VN"),
    ("Indonesian", "id", "id-ID"),
    ("Swahili", "sw", "sw-KE"),
];
pub const PROGRAMMING_LANGUAGES: &[&str] = &[
    "Go", "Rust", "Python", "Java", "C", "C++", "C#", "JavaScript", "TypeScript", "Ruby", "PHP", "Swift", "Kotlin",
    "Scala", "Haskell", "Erlang", "Elixir", "Clojure", "OCaml", "Lua", "Perl", "R", "Julia", "Fortran", "COBOL",
    "Zig", "Dart", "F#",
];

pub const MC_ANIMALS: &[&str] = &[
    "Cow", "Sheep", "Pig", "Chicken", "Horse", "Rabbit", "Wolf", "Cat", "Llama", "Fox", "Panda", "Bee", "Axolotl",
    "Goat",
];
pub const MC_ARMOR_PARTS: &[&str] = &["Helmet", "Chestplate", "Leggings", "Boots"];
pub const MC_ARMOR_TIERS: &[&str] = &["Leather", "Chainmail", "Iron", "Gold", "Diamond", "Netherite", "Turtle"];
pub const MC_BIOMES: &[&str] = &[
    "Plains", "Forest", "Desert", "Taiga", "Swamp", "Jungle", "Savanna", "Badlands", "Mushroom Fields", "Ocean",
    "Snowy Tundra", "Mountains", "Dark Forest", "Birch Forest", "Nether Wastes", "The End",
];
pub const MC_DYES: &[&str] = &[
    "White", "Orange", "Magenta", "Light Blue", "Yellow", "Lime", "Pink", "Gray", "Light Gray", "Cyan", "Purple",
    "Blue", "Brown", "Green", "Red", "Black",
];
pub const MC_FOOD: &[&str] = &[
    "Bread", "Apple", "Golden Apple", "Cooked Beef", "Baked Potato", "Cookie", "Pumpkin Pie", "Melon Slice",
    "Carrot", "Cooked Salmon", "Mushroom Stew", "Honey Bottle", "Sweet Berries",
];
pub const MC_MOB_BOSS: &[&str] = &["Ender Dragon", "Wither", "Elder Guardian", "Warden"];
pub const MC_MOB_HOSTILE: &[&str] = &[
    "Creeper", "Zombie", "Skeleton", "Spider", "Witch", "Blaze", "Ghast", "Slime", "Phantom", "Drowned", "Pillager",
    "Vindicator", "Husk", "Stray",
];
pub const MC_MOB_NEUTRAL: &[&str] =
    &["Enderman", "Iron Golem", "Wolf", "Bee", "Llama", "Panda", "Piglin", "Dolphin", "Polar Bear", "Goat"];
pub const MC_MOB_PASSIVE: &[&str] =
    &["Sheep", "Cow", "Pig", "Chicken", "Villager", "Horse", "Rabbit", "Squid", "Bat", "Cat", "Turtle", "Parrot"];
pub const MC_ORES: &[&str] = &[
    "Coal", "Iron", "Copper", "Gold", "Redstone", "Lapis Lazuli", "Diamond", "Emerald", "Nether Quartz",
    "Ancient Debris",
];
pub const MC_TOOLS: &[&str] = &["Pickaxe", "Axe", "Shovel", "Hoe", "Fishing Rod", "Shears", "Flint and Steel", "Brush"];
pub const MC_VILLAGER_JOBS: &[&str] = &[
    "Armorer", "Butcher", "Cartographer", "Cleric", "Farmer", "Fisherman", "Fletcher", "Leatherworker", "Librarian",
    "Mason", "Shepherd", "Toolsmith", "Weaponsmith",
];
pub const MC_VILLAGER_LEVELS: &[&str] = &["Novice", "Apprentice", "Journeyman", "Expert", "Master"];
pub const MC_VILLAGER_STATIONS: &[&str] = &[
    "Blast Furnace", "Smoker", "Cartography Table", "Brewing Stand", "Composter", "Barrel", "Fletching Table",
    "Cauldron", "Lectern", "Stonecutter", "Loom", "Smithing Table", "Grindstone",
];
pub const MC_WEAPONS: &[&str] = &["Sword", "Bow", "Crossbow", "Trident", "Axe", "Mace"];
pub const MC_WEATHER: &[&str] = &["Clear", "Rain", "Thunder", "Snow"];
pub const MC_WOOD: &[&str] =
    &["Oak", "Spruce", "Birch", "Jungle", "Acacia", "Dark Oak", "Mangrove", "Cherry", "Crimson", "Warped"];

pub const LOG_LEVELS: &[&str] = &["trace", "debug", "info", "warn", "error", "fatal"];

pub const ETHNICITIES: &[&str] = &[
    "Caucasian", "African", "Asian", "Hispanic", "Latino", "Middle Eastern", "Native American", "Pacific Islander",
    "South Asian", "East Asian", "Mixed",
];
pub const GENDERS: &[&str] = &["male", "female"];
pub const MIDDLE_NAMES: &[&str] = &[
    "James", "Marie", "Lee", "Ann", "Michael", "Rose", "Alexander", "Grace", "John", "Louise", "William", "Jane",
    "Thomas", "Elizabeth", "Robert", "Mae",
];
pub const NAME_PREFIXES: &[&str] = &["Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Prof."];
pub const NAME_SUFFIXES: &[&str] = &["Jr.", "Sr.", "I", "II", "III", "IV", "V", "MD", "DDS", "PhD"];
pub const BIO_ROLES: &[&str] =
    &["developer", "teacher", "designer", "nurse", "photographer", "chef", "writer", "engineer", "musician", "student"];

pub const PRODUCT_AUDIENCES: &[&str] = &[
    "Professionals", "Students", "Families", "Gamers", "Travellers", "Athletes", "Seniors", "Children", "Pet owners",
    "Small businesses", "Creatives", "Outdoor enthusiasts",
];
pub const PRODUCT_BENEFITS: &[&str] = &[
    "Time-saving", "Energy-efficient", "Durable", "Easy to use", "Portable", "Eco-friendly", "Comfortable",
    "Affordable", "Secure", "Lightweight", "Versatile", "Low maintenance",
];
pub const PRODUCT_CATEGORIES: &[&str] = &[
    "Electronics", "Home & Kitchen", "Clothing", "Sports & Outdoors", "Toys & Games", "Beauty", "Books", "Garden",
    "Automotive", "Office Supplies", "Pet Supplies", "Health", "Music", "Furniture",
];
pub const PRODUCT_FEATURES: &[&str] = &[
    "Waterproof", "Wireless", "Rechargeable", "Bluetooth", "Foldable", "Adjustable", "Stainless", "Smart",
    "Noise-cancelling", "Ergonomic", "Dishwasher-safe", "Touchscreen", "Solar-powered", "Non-stick",
];
pub const PRODUCT_MATERIALS: &[&str] = &[
    "Stainless Steel", "Aluminium", "Plastic", "Wood", "Bamboo", "Glass", "Ceramic", "Cotton", "Leather",
    "Cardboard", "Silicone", "Carbon Fibre", "Wool", "Rubber",
];
pub const PRODUCT_ADJECTIVES: &[&str] = &[
    "Ergonomic", "Wireless", "Portable", "Smart", "Compact", "Deluxe", "Premium", "Classic", "Ultra", "Eco",
    "Heavy-Duty", "Digital", "Sleek", "Rugged", "Modular", "Foldable", "Precision", "Bold", "Swift", "Pure",
    "Bright", "Quiet", "Robust", "Versatile", "Luxe", "Minimal", "Vintage", "Modern", "Professional", "Essential",
    "Advanced", "Lightweight", "Cordless", "Handcrafted", "Rustic", "Elegant", "Industrial", "Nordic", "Urban",
    "Travel",
];
pub const PRODUCT_NOUNS: &[&str] = &[
    "Keyboard", "Water Dispenser", "Blender", "Lamp", "Backpack", "Headphones", "Chair", "Toaster", "Speaker",
    "Kettle", "Drill", "Monitor", "Watch", "Umbrella", "Mug", "Camera", "Laptop", "Tablet", "Phone", "Drone",
    "Router", "Printer", "Mouse", "Earbuds", "Microwave", "Vacuum", "Fan", "Clock", "Shaver", "Scale",
    "Thermometer", "Fridge", "Oven", "Mixer", "Iron", "Hair Dryer", "Thermostat", "Lightbulb", "Projector",
    "Charger", "Power Bank", "Desk", "Sofa", "Bookshelf", "Mattress", "Pillow", "Blanket", "Jacket", "Sneakers",
    "Sunglasses", "Wallet", "Suitcase", "Tent", "Sleeping Bag", "Bicycle", "Helmet", "Yoga Mat", "Dumbbell",
    "Treadmill", "Grill", "Frying Pan", "Knife Set", "Cutting Board", "Coffee Maker", "Teapot", "Water Bottle",
    "Lunch Box", "Notebook", "Pen", "Guitar", "Microphone", "Router Table", "Air Purifier", "Humidifier",
    "Heater", "Doorbell", "Smoke Alarm", "Toolbox", "Ladder", "Garden Hose",
];
pub const PRODUCT_SUFFIXES: &[&str] = &[
    "Pro", "Max", "Plus", "Mini", "Lite", "Ultra", "X", "Air", "Prime", "Elite", "S", "Go", "Edge", "Core", "Nova",
    "Flex", "Wave", "Pulse", "Fusion", "Link", "Sync", "Turbo", "Vertex", "Zen",
];
pub const PRODUCT_USE_CASES: &[&str] = &[
    "Office productivity", "Home cooking", "Outdoor adventures", "Fitness training", "Travel", "Gaming",
    "Home improvement", "Studying", "Photography", "Gardening", "Entertaining guests", "Daily commute",
];

pub const SCHOOL_NAMES: &[&str] = &[
    "Lincoln", "Washington", "Jefferson", "Roosevelt", "Riverside", "Oakwood", "Hillcrest", "Lakeside", "Westfield",
    "Maple Grove", "Sunnyvale", "Kennedy", "Franklin", "Greenwood", "Pinecrest",
];
pub const SCHOOL_KINDS: &[&str] =
    &["Elementary School", "Middle School", "High School", "Academy", "College", "Institute"];
pub const SOCIAL_SITES: &[&str] =
    &["twitter.com", "instagram.com", "facebook.com", "linkedin.com/in", "tiktok.com/@", "github.com"];

pub const HIPSTER_WORDS: &[&str] = &[
    "artisan", "cold-pressed", "vegan", "kombucha", "sustainable", "single-origin", "craft", "vinyl", "sourdough",
    "fixie", "typewriter", "succulents", "kale", "mustache", "flannel", "ethical", "organic", "small-batch",
    "pour-over", "bespoke", "locavore", "normcore", "letterpress", "gluten-free", "farm-to-table", "chambray",
];
pub const LOREM_WORDS: &[&str] = &[
    "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do", "eiusmod", "tempor",
    "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "enim", "ad", "minim", "veniam", "quis",
    "nostrud", "exercitation", "ullamco", "laboris", "nisi", "aliquip", "ex", "ea", "commodo", "consequat", "duis",
    "aute", "irure", "in", "reprehenderit", "voluptate", "velit", "esse", "cillum", "fugiat", "nulla", "pariatur",
];
/// Everyday English words for `word`, `sentence` and `paragraph` (as the Go original: English,
/// not lorem ipsum).
pub const ENGLISH_WORDS: &[&str] = &[
    "the", "themselves", "house", "quickly", "river", "morning", "garden", "light", "window", "friend", "yesterday",
    "beautiful", "music", "happy", "mountain", "ocean", "silver", "table", "dream", "paper", "voice", "summer",
    "winter", "village", "bright", "quiet", "train", "station", "coffee", "letter", "story", "forest", "animal",
    "evening", "market", "family", "bridge", "gentle", "hour", "people", "place", "water", "world", "year", "child",
    "city", "road", "moment", "game", "idea", "heart", "street", "color", "answer", "problem", "question", "simple",
    "early", "often", "always", "together", "under", "around", "between", "about", "which", "their", "would",
    "could", "should", "other", "every", "first", "last", "great", "little", "small", "large", "young", "strong",
    "clear", "warm", "cold", "open", "close", "walk", "talk", "read", "write", "sing", "build", "carry", "watch",
    "listen", "travel", "remember", "wonder", "believe",
];
pub const COMMENTS: &[&str] = &[
    "This is great work!", "Thanks for sharing.", "I completely agree.", "Could you explain this further?",
    "Nice job on this one.", "Not sure about that.", "Interesting point.", "This helped me a lot.",
    "Looks good to me.", "Well said.", "I have a question about this.", "Great idea!",
];
pub const QUESTION_STARTS: &[&str] = &["Where", "When", "Why", "How", "What", "Who", "Which"];
pub const QUOTES: &[&str] = &[
    "\"To be or not to be\"", "\"Simplicity is the ultimate sophistication\"", "\"Stay hungry, stay foolish\"",
    "\"The only way out is through\"", "\"Less is more\"", "\"Knowledge is power\"", "\"Time is money\"",
    "\"Fortune favours the bold\"", "\"Actions speak louder than words\"", "\"The journey is the reward\"",
];

pub const CAR_FUEL_TYPES: &[&str] = &["Gasoline", "Diesel", "Electric", "Hybrid", "Ethanol", "CNG", "LPG", "Hydrogen"];
pub const CAR_MAKERS: &[&str] = &[
    "Toyota", "Honda", "Ford", "Chevrolet", "Volkswagen", "BMW", "Mercedes-Benz", "Audi", "Nissan", "Hyundai", "Kia",
    "Mazda", "Subaru", "Tesla", "Volvo", "Peugeot", "Renault", "Fiat", "Alfa Romeo", "Škoda", "Mitsubishi", "Jaguar",
];
pub const CAR_MODELS: &[&str] = &[
    "Camry", "Corolla", "Civic", "Accord", "Focus", "Mustang", "Golf", "Passat", "3 Series", "A4", "Model 3",
    "Model Y", "Altima", "Elantra", "Sportage", "CX-5", "Outback", "XC90", "Lancer", "Giulia", "Octavia", "Clio",
];
pub const CAR_TRANSMISSIONS: &[&str] = &["Manual", "Automatic", "CVT", "Dual-clutch", "Semi-automatic"];
pub const CAR_TYPES: &[&str] = &[
    "Sedan", "Hatchback", "SUV", "Coupe", "Convertible", "Pickup truck", "Minivan", "Station wagon",
    "Passenger car heavy", "Passenger car compact", "Van", "Crossover",
];

pub const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
];
pub const WEEKDAYS: &[&str] = &["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
pub const MARKDOWN_HEADINGS: &[&str] = &["Overview", "Getting started", "Usage", "Notes", "Summary", "Details"];
pub const PHRASE_NOUNS: &[&str] =
    &["house", "garden", "river", "city", "road", "window", "forest", "station", "market", "bridge"];
