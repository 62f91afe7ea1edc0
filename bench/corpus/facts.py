"""Structured facts about one made-up person, and the label a perfect parser would return for them.

Labels follow ../shared/corpus/labels: institutions canonical where a well-known name exists, degrees as
"Canonical (printed)" so the scorer's fuzzy match accepts either form, companies and titles as printed
(an abbreviation gets the same "Canonical (printed)" treatment), skills canonical lower case, dates at the
precision printed ("YYYY-MM", "YYYY", "present").
"""
from __future__ import annotations

import random
import unicodedata

TODAY = 2025 * 12 + 5  # June 2025, in months since year 0: the "present" of every resume

NAMES = {  # origin: (first names, last names, middle names/initials)
    "in": ("Aarav Priya Rohan Ananya Vikram Sneha Karthik Deepika Arjun Meera Siddharth Kavya Rahul Ishita Harsh",
           "Sharma Iyer Reddy Gupta Nair Banerjee Patel Mehta Krishnan Chatterjee Agarwal Menon Venkataraman",
           "Kumar Prasad Lakshmi S. K. R."),
    "us": ("Emily Jacob Madison Tyler Ashley Brandon Megan Kevin Rachel Dylan Hannah",
           "Johnson Miller Davis Thompson Garcia Anderson O'Brien McAllister Whitfield",
           "J. Lynn Marie R. Alan"),
    "eu": ("Zoë Lukas Sofia Matteo Chloé Jan Léa Björn Agnieszka Ingrid François",
           "Müller Rossi Dubois Kowalski Schäfer Lindqvist Novák Jansen Fernández",
           "Anna Maria Pierre"),
    "ea": ("Wei Mei Hiroshi Yuki Ji-woo Min-jun Hao Xin", "Chen Wang Tanaka Sato Kim Park Liu Zhang", ""),
    "tr": ("Orçun Ayşe Emre Zeynep Burak Elif Çağrı Gökhan", "Özdemir Yılmaz Kaya Şahin Demir Çelik Aydın", ""),
    "br": ("José João Ana Lucas Mariana Thiago Gabriela Luís", "Álvarez Silva Souza Oliveira Conceição Gonçalves Araújo",
           "Carlos Eduarda Henrique"),
}
CJK = [("周润杰", "Zhou Runjie"), ("王芳", "Wang Fang"), ("李明轩", "Li Mingxuan")]
CITIES = {"in": ["Bengaluru, India", "New Delhi, India", "Hyderabad, India", "Pune, India", "Mumbai, Maharashtra"],
          "us": ["San Francisco, CA", "Seattle, WA", "New York, NY", "Austin, TX", "Boston, MA"],
          "eu": ["Berlin, Germany", "Munich, Germany", "Amsterdam, Netherlands", "London, UK", "Zürich, Switzerland"],
          "ea": ["Singapore", "Beijing, China", "Tokyo, Japan", "Seoul, South Korea"],
          "tr": ["İstanbul, Türkiye", "Ankara, Turkey", "Izmir, Turkey"],
          "br": ["São Paulo, Brazil", "Rio de Janeiro, Brasil", "Campinas, SP"]}

# institution: printed forms | canonical label.  "=" means the label is the first printed form.
SCHOOLS = {
    "in": ["IIT Delhi|Indian Institute of Technology, Delhi|IIT-Delhi=Indian Institute of Technology Delhi",
           "IIT Bombay|Indian Institute of Technology, Bombay|IITB=Indian Institute of Technology Bombay",
           "IIT Kharagpur|IIT KGP=Indian Institute of Technology Kharagpur",
           "IIT Madras|Indian Institute of Technology Madras=Indian Institute of Technology Madras",
           "NIT Trichy|National Institute of Technology, Tiruchirappalli=National Institute of Technology Tiruchirappalli",
           "NITK Surathkal|NIT Karnataka=National Institute of Technology Karnataka",
           ("IIIT-H|IIIT Hyderabad|International Institute of Information Technology, Hyderabad"
           "=International Institute of Information Technology Hyderabad"),
           "BITS Pilani|Birla Institute of Technology and Science, Pilani=Birla Institute of Technology and Science, Pilani",
           "VIT Vellore|Vellore Institute of Technology=Vellore Institute of Technology",
           "Delhi University|University of Delhi=University of Delhi",
           "St. Xavier's College, Mumbai=St. Xavier's College, Mumbai",
           "Sri Venkateswara College of Engineering=", ("Pune Institute of Computer Technology|PICT Pune="
           "Pune Institute of Computer Technology"), "Jaypee Institute of Information Technology, Noida="],
    "us": ["UC Berkeley|University of California, Berkeley=University of California, Berkeley",
           "Carnegie Mellon University|CMU=Carnegie Mellon University", ("Georgia Tech|Georgia Institute of Technology"
           "=Georgia Institute of Technology"), "Stanford University=", ("University of Michigan, Ann Arbor|UMich"
           "=University of Michigan"), "UT Austin|The University of Texas at Austin=University of Texas at Austin",
           "Rutgers University=", "Oregon State University=", "Lakeview Community College="],
    "eu": ["TU München|Technical University of Munich|TUM=Technical University of Munich",
           "ETH Zürich|ETH Zurich=ETH Zurich", "TU Delft|Delft University of Technology=Delft University of Technology",
           "KTH Royal Institute of Technology=", "University of Oxford=", "Imperial College London=",
           "Sapienza Università di Roma=Sapienza University of Rome", "Hochschule für Technik Stuttgart="],
    "ea": ["Tsinghua University=", "Peking University=", "The University of Tokyo|University of Tokyo=University of Tokyo",
           "KAIST=", "National University of Singapore|NUS=National University of Singapore", "Zhejiang University="],
    "tr": ["Middle East Technical University (ODTÜ)|METU=Middle East Technical University",
           "Boğaziçi Üniversitesi|Boğaziçi University|Bogazici University=Boğaziçi University",
           "Sabancı University=", "Hacettepe Üniversitesi=Hacettepe University"],
    "br": ["Universidade de São Paulo (USP)|University of São Paulo=University of São Paulo",
           "Unicamp|Universidade Estadual de Campinas=University of Campinas", "PUC-Rio=", "Universidade Federal do ABC="],
}
HIGH_SCHOOLS = {"in": ["Delhi Public School, R.K. Puram", "Kendriya Vidyalaya No. 1, Jaipur", "Ramjas School, Pusa Road"],
                "us": ["Lincoln High School"], "eu": ["Gymnasium am Rosenberg"], "tr": ["Ankara Fen Lisesi"],
                "br": ["Colégio Bandeirantes"], "ea": ["Beijing No. 4 High School"]}
# canonical degree: printed forms
DEGREES = {
    "Bachelor of Technology": "B.Tech|B.Tech.|BTech|Bachelor of Technology", "Bachelor of Engineering": "B.E.|BE|BEng",
    "Bachelor of Science": "BSc|B.S.|B.Sc. (Hons)|Bachelor of Science|BS",
    "Master of Science": "M.S.|MS|MSc|Master of Science|M.Sc.", "Master of Technology": "M.Tech|M.Tech.",
    "Master of Business Administration": "MBA|Master of Business Administration",
    "Doctor of Philosophy": "PhD|Ph.D.|Doctor of Philosophy", "High School": "Class XII|Senior Secondary (Class XII)|"
    "High School Diploma|Abitur|Ensino Médio"}
FIELDS = ["Computer Science and Engineering", "Computer Science", "Electrical Engineering", "Mechanical Engineering",
          "Mathematics and Computing", "Data Science", "Information Systems", "Physics", "Economics",
          "Electronics and Communication Engineering"]

# company printed | label ("=" as printed)
COMPANIES = {
    "in": ["Flipkart=", "Flipkart Internet Pvt. Ltd.=", "Swiggy=", "Zomato=", "Infosys=", "Razorpay=", "Freshworks=",
           "TCS=Tata Consultancy Services (TCS)", "Tata Consultancy Services=", "Quantiva Analytics Pvt Ltd=",
           "Sahayog Foundation=", "Zentrix Systems=", "Wipro Limited="],
    "us": ["Google=", "Microsoft=", "Stripe=", "Uber=", "Acme Robotics Inc.=", "Brightloop Labs=", "Tidepool Health=",
           "Goldman Sachs=", "Salesforce=", "Vantage Ledger, Inc.="],
    "eu": ["SAP SE=", "Siemens=", "Spotify=", "Zalando=", "Nordwind GmbH=", "Booking.com=", "Adyen=",
           "Lumora AI=", "Helix Bioinformatics B.V.="],
    "ea": ["ByteDance=", "Alibaba Group=", "Sony=", "Samsung Electronics=", "Grab=", "Shopee=Sea Limited (Shopee)", "Pixelmint Studios="],
    "tr": ["Trendyol=", "Getir=", "Aselsan=", "Kuzey Yazılım A.Ş.=", "Peak Games="],
    "br": ["Nubank=", "iFood=", "Mercado Livre=", "Ferrovia Logística S.A.=", "Stone Pagamentos="],
    "any": ["Amazon=", "Amazon.com=Amazon", "Google=", "Microsoft=", "Meta=", "Uber=", "IBM="],
}
UNIVERSITY_EMPLOYER_ROLES = ["Teaching Assistant", "Graduate Research Assistant", "Research Assistant"]
TRACKS = {
    "swe": ("Software Engineer|Software Development Engineer|Backend Engineer|Full Stack Developer|Associate Software Engineer",
            ("Senior Software Engineer|SDE II|Member of Technical Staff|Senior Backend Engineer|Staff Engineer|"
            "Engineering Manager|Lead Software Engineer"),
            "Software Engineering Intern|SDE Intern|Summer Intern|Backend Developer Intern"),
    "data": ("Data Scientist|Machine Learning Engineer|Data Analyst|Data Engineer|Applied Scientist",
             "Senior Data Scientist|ML Engineer II|Lead Data Scientist|Research Scientist|Principal Data Engineer",
             "Research Intern|Data Science Intern|Machine Learning Intern"),
    "pm": ("Associate Product Manager|Business Analyst|Product Analyst",
           "Product Manager|Senior Product Manager|Group Product Manager",
           "Product Management Intern|Summer Analyst|Strategy Intern"),
}
SKILLS = {  # canonical: printed forms (the first is the plain one)
    "python": "Python|Python 3", "java": "Java", "javascript": "JavaScript|JS", "typescript": "TypeScript",
    "go": "Go|Golang", "c++": "C++|CPP", "rust": "Rust", "sql": "SQL", "kubernetes": "Kubernetes|K8s",
    "docker": "Docker", "postgresql": "PostgreSQL|Postgres", "mysql": "MySQL", "mongodb": "MongoDB|Mongo",
    "redis": "Redis", "aws": "AWS", "gcp": "GCP|Google Cloud Platform", "react": "React|React.js|ReactJS",
    "node.js": "Node.js|NodeJS", "django": "Django", "flask": "Flask", "spring boot": "Spring Boot",
    "scikit-learn": "scikit-learn|sklearn", "pytorch": "PyTorch", "tensorflow": "TensorFlow", "pandas": "Pandas",
    "numpy": "NumPy", "spark": "Apache Spark|Spark", "kafka": "Kafka|Apache Kafka", "terraform": "Terraform",
    "git": "Git", "linux": "Linux", "graphql": "GraphQL", "machine learning": "Machine Learning",
    "deep learning": "Deep Learning", "natural language processing": "NLP|Natural Language Processing",
    "computer vision": "Computer Vision", "tableau": "Tableau", "excel": "Excel|MS Excel", "figma": "Figma",
    "jira": "JIRA|Jira", "airflow": "Apache Airflow|Airflow", "elasticsearch": "Elasticsearch", "kotlin": "Kotlin",
    "c#": "C#", "r": "R", "bash": "Bash", "jenkins": "Jenkins", "fastapi": "FastAPI", "html": "HTML", "css": "CSS",
    "large language models": "LLMs", "opencv": "OpenCV", "keras": "Keras", "power bi": "Power BI",
    "a/b testing": "A/B Testing", "snowflake": "Snowflake", "microservices": "Microservices",
}
TRACK_SKILLS = {"swe": "python,java,javascript,typescript,go,c++,rust,sql,kubernetes,docker,postgresql,mysql,mongodb,"
                       "redis,aws,gcp,react,node.js,django,flask,spring boot,kafka,terraform,git,linux,graphql,kotlin,"
                       "c#,bash,jenkins,fastapi,html,css,microservices,elasticsearch",
                "data": "python,sql,r,pandas,numpy,scikit-learn,pytorch,tensorflow,keras,spark,airflow,machine learning,"
                        "deep learning,natural language processing,computer vision,large language models,opencv,"
                        "tableau,aws,gcp,docker,snowflake,git",
                "pm": "sql,excel,tableau,power bi,figma,jira,a/b testing,python"}


def ascii_fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s.replace("ı", "i")).encode("ascii", "ignore").decode()


def split_form(spec: str) -> tuple[list[str], str]:
    forms, _, label = spec.partition("=")
    forms = forms.split("|")
    return forms, label or forms[0]


def both(label: str, printed: str) -> str:
    """A label the scorer's fuzzy match accepts in either form: "Canonical (printed)"."""
    return label if printed in label or label in printed else f"{label} ({printed})"


def pick_skills(rng: random.Random, track: str) -> list[str]:
    pool = TRACK_SKILLS[track].split(",")
    return rng.sample(pool, min(len(pool), rng.randint(6, 14)))


def phone(rng: random.Random, origin: str) -> tuple[str, str]:
    """(printed, E.164 label)"""
    d = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))
    if origin == "in":
        a, b = str(rng.randint(7, 9)) + d(4), d(5)
        return rng.choice([f"+91 {a} {b}", f"+91-{a}-{b}", f"{a}{b}", f"+91 {a}{b}"]), f"+91{a}{b}"
    if origin == "us":
        a, b = rng.choice(["415", "646", "512", "206", "617"]), "01" + d(2)
        return rng.choice([f"({a}) 555-{b}", f"{a}-555-{b}", f"+1 {a}.555.{b}", f"{a}.555.{b}"]), f"+1{a}555{b}"
    if origin == "eu":
        return rng.choice([("+44 20 7946 0" + (x := d(3)), "+442079460" + x), ("+49 151 " + (y := d(8)), "+49151" + y),
                           ("+33 6 12 34 " + (z := d(2)) + " 78", "+3361234" + z + "78")])
    if origin == "ea":
        return rng.choice([(f"+86 138 {(x := d(4))} 8000", f"+86138{x}8000"), (f"+65 9{(y := d(3))} 4321", f"+659{y}4321"),
                           (f"+81 90-{(z := d(4))}-5678", f"+8190{z}5678")])
    if origin == "tr":
        a = "5" + d(2)
        return rng.choice([f"0{a} 999 99 {(x := d(2))}", f"+90 {a} 999 99 {x}", f"+90 ({a}) 999 99 {x}"]), f"+90{a}99999{x}"
    a = d(4)
    return rng.choice([f"+55 11 9{a}-5678", f"(11) 9{a}-5678"]), f"+55119{a}5678"


def month(m: int) -> str:
    return f"{m // 12}-{m % 12 + 1:02d}"


def person(rng: random.Random) -> dict:
    origin = rng.choices(list(NAMES), weights=[35, 20, 15, 10, 10, 10])[0]
    firsts, lasts, mids = (x.split() for x in NAMES[origin])
    first, last = rng.choice(firsts), rng.choice(lasts)
    name = f"{first} {rng.choice(mids)} {last}" if mids and rng.random() < 0.2 else f"{first} {last}"
    native = None
    if origin == "ea" and rng.random() < 0.5:
        native, name = rng.choice(CJK)
    handle = ascii_fold(name).lower().replace(" ", ".").replace("'", "").replace("..", ".")
    P: dict = {"origin": origin, "name": name, "native_name": native, "emails": [], "phones": [], "links": [],
               "printed_phones": [], "location": rng.choice(CITIES[origin]) if rng.random() < 0.75 else None}
    if rng.random() < 0.92:
        P["emails"].append(rng.choice([handle, handle.replace(".", ""), handle.split(".")[0] + str(rng.randint(7, 99))])
                           + "@" + rng.choice(["gmail.com", "outlook.com", "yahoo.com", "proton.me", "hotmail.com"]))
    if rng.random() < 0.12:
        P["emails"].append(handle.split(".")[-1] + "@" + rng.choice(["cs.cmu.edu", "iitd.ac.in", "student.ethz.ch"]))
    if rng.random() < 0.8:
        printed, label = phone(rng, origin)
        P["printed_phones"].append(printed)
        P["phones"].append(label)
    gh = handle.replace(".", "-")
    if rng.random() < 0.6:
        P["links"].append(f"linkedin.com/in/{gh}")
    if rng.random() < 0.45:
        P["links"].append(f"github.com/{gh.replace('-', '')}")
    if rng.random() < 0.15:
        P["links"].append(f"{gh}.dev")
    track = rng.choices(list(TRACKS), weights=[55, 30, 15])[0]
    P["track"], P["skills"] = track, pick_skills(rng, track)
    P["education"], P["experience"] = [], []
    school = lambda o: split_form(rng.choice(SCHOOLS[o]))
    # bachelor's, then work, with a master's / PhD / MBA somewhere
    b0 = rng.randint(2004, 2020) * 12 + rng.choice([6, 7, 8])
    blen = 36 if origin == "eu" and rng.random() < 0.6 else 48
    bdeg = rng.choice(["Bachelor of Technology", "Bachelor of Engineering"] if origin == "in" else
                      ["Bachelor of Science", "Bachelor of Engineering", "Bachelor of Science"])
    edu = [(school(origin), bdeg, rng.choice(FIELDS), b0, b0 + blen - 2)]
    t = b0 + blen - 1
    later = rng.random()
    if later < 0.45:
        gap = rng.choice([0, 0, 24, 36])
        kind = "Master of Business Administration" if track == "pm" and rng.random() < 0.6 else \
            rng.choice(["Master of Science", "Master of Science", "Master of Technology", "Doctor of Philosophy"])
        if kind == "Master of Technology" and origin != "in":
            kind = "Master of Science"
        o = rng.choice([origin, origin, "us", "eu"])
        s0 = t + gap + 2
        s1 = s0 + (60 if kind == "Doctor of Philosophy" else 22)
        if s0 < TODAY - 3:
            edu.append((school(o), kind, "" if "Business" in kind else rng.choice(FIELDS), s0, s1 if s1 < TODAY else None))
    if origin in ("in", "tr", "br", "ea") and rng.random() < 0.3:
        edu.append(([[rng.choice(HIGH_SCHOOLS[origin])], None], "High School", "", b0 - 24, b0 - 2))
    for (forms, label), deg, fld, s0, s1 in edu:
        printed_deg = rng.choice(DEGREES[deg].split("|"))
        if deg == "High School":
            printed_deg = {"in": rng.choice(["Class XII", "Senior Secondary (Class XII)"]), "eu": "Abitur",
                           "br": "Ensino Médio"}.get(origin, "High School Diploma")
        P["education"].append({"institution": label or forms[0], "printed_institution": rng.choice(forms),
                               "degree": deg if printed_deg == deg else f"{deg} ({printed_deg})",
                               "printed_degree": printed_deg, "field": fld or None, "s": s0, "e": s1,
                               "gpa": rng.choice([None, f"{rng.uniform(7, 9.8):.2f}/10", f"{rng.uniform(3.2, 4):.2f}/4.0",
                                                  f"{rng.uniform(70, 96):.1f}%"]) if deg != "High School" or origin == "in" else None})
    P["education"].sort(key=lambda e: -e["s"])
    junior, senior, interns = (x.split("|") for x in TRACKS[track])
    co = lambda: split_form(rng.choice(COMPANIES[origin] + COMPANIES["any"]))
    exp = []
    if rng.random() < 0.5:  # a summer internship before graduating
        (forms, label), y = co(), (b0 + blen - 12) // 12
        exp.append({"company": both(label, forms[0]), "printed_company": forms[0], "title": rng.choice(interns),
                    "s": y * 12 + 4, "e": y * 12 + 7, "intern": True})
    work_from = t + 2
    for e in P["education"]:
        if e["s"] > t and e["e"]:
            work_from = max(work_from, e["e"] + 2) if rng.random() < 0.5 else work_from
    m, used = work_from, set()
    while m < TODAY - 4 and len([x for x in exp if not x.get("intern")]) < 5:
        (forms, label) = co()
        if label in used:
            continue
        used.add(label)
        dur = rng.randint(10, 40)
        end = m + dur if m + dur < TODAY - 2 else None
        n_roles = 2 if dur > 24 and rng.random() < 0.35 else 1
        pick = rng.choice(junior if m - work_from < 36 else senior)
        for k in range(n_roles):
            rs = m + k * dur // n_roles
            re_ = (m + (k + 1) * dur // n_roles - 1) if k < n_roles - 1 else end
            title = pick if k == 0 else rng.choice([t for t in senior if t != pick])
            exp.append({"company": both(label, forms[0]), "printed_company": forms[0], "title": title, "s": rs, "e": re_})
        if end is None:
            break
        m = end + rng.randint(1, 3)
    if rng.random() < 0.15 and exp:  # an overlapping side role
        side = rng.choice([("Co-founder & CTO", "Brightloop Labs"), ("Founding Engineer", "Acme Robotics Inc."),
                           ("Technical Advisor", "Sahayog Foundation"), ("Mentor", "Google Summer of Code")])
        s = exp[-1]["s"] + 6
        exp.append({"company": side[1], "printed_company": side[1], "title": side[0], "s": s,
                    "e": s + rng.randint(8, 20) if rng.random() < 0.6 else None})
    for e in P["education"]:
        if e["degree"].startswith(("Master of Science", "Doctor")) and rng.random() < 0.35:
            exp.append({"company": both(e["institution"], e["printed_institution"]), "printed_company": e["printed_institution"],
                        "title": rng.choice(UNIVERSITY_EMPLOYER_ROLES), "s": e["s"] + 1, "e": min(e["s"] + 10, TODAY - 1)})
    exp = [x for x in exp if x["s"] < TODAY]
    for x in exp:
        if x["e"] is not None and x["e"] >= TODAY:
            x["e"] = None
    exp.sort(key=lambda x: (-(x["e"] if x["e"] is not None else 10**6), -x["s"]))
    P["experience"] = exp
    return P
