"""Realistic synthetic candidates, written straight into a Sift store (no files, no parser).

    .venv/bin/python bench/synthetic.py --candidates 100000 [--db PATH | --url URL] [--seed 7] [--fts PATH]

Each candidate gets a name (Indian, Western, East Asian, Turkish, German ... some with diacritics or in
CJK), a location (cities from places.yml, sometimes spelled with an alias: "Bangalore", "Gurgaon"), one or
two degrees from institutions.yml (IITs, NITs, IIITs, BITS, US/EU universities) or from colleges the
taxonomy does not know, a career of 0-5 roles at companies from work.yml or made-up startups, skills from
skills.yml with a skewed distribution (python is everywhere, rust is rare), and an 80-150 word resume text
built from those facts plus filler sentences and a long tail of rare words (project and tool names), so
that the vocabulary grows with N roughly as a real corpus does (Heaps' law).

The index is written by the code real ingests use: `bot.search.index.postings` computes each candidate's
postings and `storage.search.add_postings` stores them (the bulk form of `replace_postings` for new
candidates, same rows and document counts). Candidate, education, experience, skill, contact and resume-file
rows are written too, batched with executemany. Deterministic for a given seed: the same N and seed give
the same candidates (only `ingested_at` is relative to the time of the fill).

`--fts PATH` also writes the FTS5 floor table for bench/search.py: one row per candidate, its facts as
text (name, location, skills, schools, degrees, companies, titles), rowid = candidate id.

The last line printed is a JSON object: candidates, seconds, postings, vocabulary, db_mb.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import sqlite3
import sys
import time
from bisect import bisect
from collections import deque
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select

from bot.normalize import key
from bot.resume.taxonomy import Taxonomy, load
from bot.search import index
from storage import search as search_store
from storage.db import make_engine, migrate, session
from storage.models import (
    Candidate,
    CandidateSkill,
    Contact,
    Education,
    Experience,
    Posting,
    ResumeFile,
    Vocab,
    Workspace,
)

WORKSPACE = "bench"
BATCH = 2000

# -- people ------------------------------------------------------------------------------------------------
FIRST = {
    "india": """Aarav Aditi Aditya Akash Akshay Amit Ananya Anil Anjali Ankit Anusha Arjun Arnav Aryan Ayush
        Deepak Devika Dhruv Divya Gaurav Harsh Ishaan Ishita Jatin Kabir Karan Kavya Krishna Kunal Lakshmi Manish
        Meera Mohit Neha Nikhil Nisha Pooja Pranav Priya Rahul Rajesh Ravi Riya Rohan Sachin Sahil Sanjay Saurabh
        Shreya Shruti Siddharth Sneha Suresh Tanvi Varun Vikram Vivek Yash Zoya Farhan Imran Sana Ayesha Gurpreet
        Harpreet Manpreet Venkatesh Srinivas Lakshman Karthik Priyanka Swathi Naveen Ramya Abhishek Tejas
        Omkar Sai Sowmya Vignesh Aishwarya Prateek Rucha Ketan Bhavna""",
    "west": """James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard
        Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Emily Matthew Olivia Anthony Emma Mark Sophia
        Paul Chloe Andrew Grace Joshua Hannah Ryan Natalie Nathan Zoë Chloé Noah Liam Ethan Lucas Amélie
        Benjamin Charlotte Isabella Sebastián José María Lucía Mateo Valentina""",
    "europe": """Lukas Jonas Leon Felix Maximilian Paul Anna Lena Lea Laura Marie Sophie Hannah Jürgen Jörg Björn
        Søren Mads Freja Ingrid Astrid Łukasz Paweł Małgorzata Agnieszka Krzysztof François Hélène Léa Étienne
        Zoé Renée Giulia Matteo Alessandro Francesca Luca Sofia Pieter Daan Sanne Joãо Inês Tomás Nuno""",
    "east_asia": """Wei Jing Li Ming Hao Yan Xin Jun Lei Yu Hui Chen Tao Yi Hiroshi Yuki Haruto Sakura Kenji
        Aiko Takumi Minjun Seoyeon Jiho Jisoo Hyun Thanh Minh Linh Huong""",
    "turkey_mena": """Orçun Emre Can Deniz Elif Zeynep Mehmet Ayşe Burak Cem Ömer Şule Gökhan Ahmed Omar Youssef
        Layla Fatima Karim Nour Hassan Amir Reza Leila Dariush""",
}
LAST = {
    "india": """Sharma Verma Gupta Agarwal Maheshwari Garg Singh Kumar Patel Shah Mehta Desai Joshi Kulkarni
        Deshpande Iyer Iyengar Nair Menon Pillai Reddy Rao Naidu Chowdhury Banerjee Chatterjee Mukherjee Das Bose
        Sen Ghosh Mishra Pandey Tiwari Dubey Srivastava Saxena Kapoor Malhotra Khanna Chopra Bhatia Sethi Arora
        Gill Sandhu Dhillon Khan Ansari Siddiqui Qureshi Hegde Shetty Kamath Pai Bhat Subramanian Krishnan
        Venkataraman Raghavan Jain Bansal Goyal Mittal Jindal Thakur Chauhan Rathore Yadav Pawar Jadhav Gaikwad""",
    "west": """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Wilson
        Anderson Taylor Thomas Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young
        Allen King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans
        Turner Torres Parker Collins Edwards Stewart Morris Murphy Cook Rogers O'Brien O'Connor McCarthy""",
    "europe": """Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer
        Richter Klein Wolf Schröder Neumann Zimmermann Krüger Hansen Jensen Nielsen Pedersen Andersen Johansson
        Lindqvist Kowalski Nowak Wiśniewski Wójcik Dubois Lefèvre Moreau Laurent Rossi Russo Ferrari Esposito
        Bianchi Romano De Jong Van Dijk Jansen Bakker Silva Santos Ferreira Pereira Costa""",
    "east_asia": """Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin He Gao Luo Sato
        Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kim Park Choi Jung Kang Cho Yoon Nguyen Tran
        Pham""",
    "turkey_mena": """Özdemir Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Arslan Doğan Kılıç
        Hassan Ali Ibrahim Mansour Haddad Khalil Farouk Rahimi Hosseini Karimi Tehrani""",
}
CJK_FIRST = "润杰 伟 静 秀英 志强 美玲 浩然 翔太 陽菜".split()  # noqa: SIM905
CJK_LAST = "周 王 李 张 陈 刘 佐藤 鈴木".split()  # noqa: SIM905
REGIONS = [("india", 0.58), ("west", 0.17), ("europe", 0.11), ("east_asia", 0.09), ("turkey_mena", 0.05)]

CITIES = {  # region -> (city as written on a resume, weight); aliases on purpose
    "india": [("Bengaluru, India", 14), ("Bangalore, Karnataka", 8), ("Hyderabad, Telangana", 9),
              ("Pune, Maharashtra", 8), ("Mumbai, India", 7), ("Bombay", 1), ("New Delhi, India", 5),
              ("Delhi", 3), ("Gurugram, Haryana", 4), ("Gurgaon", 3), ("Noida, Uttar Pradesh", 4),
              ("Chennai, Tamil Nadu", 6), ("Kolkata, West Bengal", 3), ("Ahmedabad, Gujarat", 2),
              ("Jaipur, Rajasthan", 1), ("Kochi, Kerala", 1), ("Indore", 1), ("Chandigarh", 1), ("Bhubaneswar", 1)],
    "west": [("San Francisco, CA", 5), ("Seattle, WA", 4), ("New York, NY", 5), ("Austin, TX", 2),
             ("Boston, MA", 2), ("Toronto, Canada", 2), ("London, United Kingdom", 3), ("Chicago, IL", 1),
             ("Mountain View, CA", 1), ("Atlanta, GA", 1), ("Vancouver, Canada", 1), ("Sydney, Australia", 1)],
    "europe": [("Berlin, Germany", 4), ("München, Germany", 2), ("Munich", 1), ("Zürich, Switzerland", 2),
               ("Zurich", 1), ("Amsterdam, Netherlands", 2), ("Paris, France", 2), ("Stockholm, Sweden", 1),
               ("Warsaw, Poland", 1), ("Kraków, Poland", 1), ("Lisbon, Portugal", 1), ("Milan, Italy", 1),
               ("Copenhagen, Denmark", 1), ("Dublin, Ireland", 1)],
    "east_asia": [("Singapore", 3), ("Shanghai, China", 2), ("Beijing, China", 2), ("Tokyo, Japan", 2),
                  ("Seoul, South Korea", 2), ("Hong Kong", 1), ("Taipei, Taiwan", 1), ("Ho Chi Minh City, Vietnam", 1)],
    "turkey_mena": [("Istanbul, Türkiye", 3), ("Ankara, Turkey", 1), ("Dubai, UAE", 2), ("Cairo, Egypt", 1),
                    ("Tehran, Iran", 1), ("Riyadh, Saudi Arabia", 1)],
}

# -- skills: a hand-ranked head (how often resumes list them), the rest of skills.yml as a long tail ---------
HEAD = """python sql java javascript git linux html css docker c++ react machine learning aws mysql c
    node.js typescript rest api pandas numpy data structures and algorithms postgresql mongodb spring boot kubernetes
    django flask deep learning tensorflow pytorch scikit-learn excel agile microservices redis jenkins
    azure gcp angular kafka spark tableau power bi bash ci/cd terraform go graphql hadoop opencv keras
    natural language processing computer vision express.js next.js vue.js android kotlin swift c# .net
    fastapi elasticsearch rabbitmq airflow matlab r scala jira figma selenium pytest junit ansible
    github actions snowflake bigquery dbt cuda large language models langchain huggingface rust""".split("\n")  # noqa: SIM905
PROFILES = {  # the kinds of people a tech recruiter sees, with the skill categories they draw from
    "backend": (0.26, ["backend", "languages", "cloud", "devops", "data"]),
    "ml": (0.18, ["ml", "data science", "languages", "data"]),
    "frontend": (0.13, ["web", "languages", "design", "testing"]),
    "data": (0.12, ["data", "data science", "cloud", "languages"]),
    "devops": (0.09, ["devops", "cloud", "tools", "security"]),
    "mobile": (0.07, ["mobile", "languages", "web", "testing"]),
    "embedded": (0.05, ["engineering", "languages", "tools"]),
    "business": (0.10, ["business", "office", "methodologies", "data science"]),
}
TITLES = {
    "backend": ["Software Engineer", "Senior Software Engineer", "Backend Developer", "Software Development Engineer",
                "SDE II", "Staff Software Engineer", "Member of Technical Staff", "Java Developer",
                "Principal Engineer", "Engineering Manager", "Software Engineering Intern"],
    "ml": ["Machine Learning Engineer", "Data Scientist", "Research Scientist", "Applied Scientist",
           "ML Engineer", "Senior Data Scientist", "AI Engineer", "Research Engineer", "Research Intern"],
    "frontend": ["Frontend Developer", "Frontend Engineer", "UI Developer", "Full Stack Developer",
                 "Senior Frontend Engineer", "Web Developer", "UI/UX Designer"],
    "data": ["Data Engineer", "Data Analyst", "Senior Data Engineer", "Analytics Engineer", "Big Data Engineer",
             "Business Intelligence Analyst"],
    "devops": ["DevOps Engineer", "Site Reliability Engineer", "Cloud Engineer", "Platform Engineer",
               "SRE", "Infrastructure Engineer", "Systems Administrator"],
    "mobile": ["Android Developer", "iOS Developer", "Mobile Engineer", "Senior Android Engineer",
               "Flutter Developer"],
    "embedded": ["Embedded Software Engineer", "Firmware Engineer", "Hardware Engineer", "VLSI Design Engineer",
                 "Electrical Engineer"],
    "business": ["Product Manager", "Business Analyst", "Associate Product Manager", "Program Manager",
                 "Technical Program Manager", "Consultant", "Analyst"],
}
FIELDS_OF_STUDY = [("Computer Science and Engineering", 30), ("Computer Science", 20), ("Electrical Engineering", 8),
                   ("Electronics and Communication Engineering", 10), ("Information Technology", 8),
                   ("Mechanical Engineering", 5), ("Mathematics and Computing", 3), ("Data Science", 3),
                   ("Statistics", 2), ("Physics", 2), ("Civil Engineering", 2), ("Chemical Engineering", 2),
                   ("Business Administration", 3), ("Economics", 2)]
BACHELOR = {"india": [("B.Tech", 45), ("B.E.", 30), ("B.Sc", 8), ("BCA", 5), ("Bachelor of Technology", 6),
                      ("B.Com", 2)],
            "other": [("B.S.", 40), ("BSc", 20), ("Bachelor of Science", 15), ("B.Eng", 8), ("BA", 5),
                      ("Bachelor of Engineering", 5)]}
MASTER = [("M.Tech", 20), ("M.S.", 30), ("MS", 10), ("M.Sc", 10), ("MBA", 15), ("Master of Science", 10),
          ("ME", 3), ("MCA", 5)]
DOCTORATE = [("Ph.D.", 70), ("PhD", 30)]

PHRASES = ["distributed systems", "data pipelines", "machine learning models", "semantic segmentation",
           "computer vision", "recommendation systems", "payment gateway", "real-time analytics",
           "microservices architecture", "search ranking", "fraud detection", "natural language understanding",
           "object detection", "time series forecasting", "high-frequency trading", "design systems",
           "developer tooling", "cloud infrastructure", "supply chain", "customer onboarding"]
VERBS = ["Built", "Designed", "Led", "Shipped", "Owned", "Scaled", "Optimised", "Migrated", "Automated",
         "Re-architected", "Maintained", "Launched", "Prototyped", "Deployed", "Improved", "Mentored"]
OUTCOMES = ["reducing latency by {n}%", "cutting cloud costs by {n}%", "serving {n}M requests a day",
            "improving accuracy by {n} points", "for {n} enterprise customers", "across {n} teams",
            "saving {n} engineer-hours a week", "raising conversion by {n}%", "with {n}% fewer incidents"]
FILLER = [
    "Comfortable owning features end to end, from design documents to on-call.",
    "Enjoys mentoring interns and reviewing code.",
    "Wrote the team's onboarding guide and ran weekly design reviews.",
    "Contributed patches to open-source projects in my spare time.",
    "Won second place at a national hackathon with a team of four.",
    "Presented a talk on observability at a regional developer meetup.",
    "Worked closely with product, design and customer support.",
    "Strong fundamentals in algorithms, operating systems and networks.",
    "Passionate about clean code, testing and continuous delivery.",
    "Published a paper at a workshop on applied machine learning.",
    "Teaching assistant for the undergraduate course on data structures.",
    "Languages: English, Hindi, and conversational German.",
    "Hobbies include chess, long-distance running and photography.",
    "Led the campus coding club and organised an annual programming contest.",
    "Certified Kubernetes Application Developer.",
    "Volunteered teaching programming to school students on weekends.",
]
SYLLABLES = ("ka ro mi ta ne lu so vi da pe zu ri no ga be li mo ha ti ve ku sa re ny xo qui tor fen dal "
             "bri sto vak zen lor mun pax").split()  # noqa: SIM905
STARTUP_WORDS = ("Nimbus Quanta Vertex Lumen Cobalt Saffron Indigo Orbit Pixel Zephyr Helix Kite Banyan Tidal "
                 "Arcadia Monsoon Juniper Copper Falcon Granite Nova Prism Cedar Atlas Ember").split()
STARTUP_SUFFIX = ["Labs", "Technologies", "Technologies Pvt Ltd", "Systems", "AI", "Software", "Analytics",
                  "Inc.", "GmbH", "Solutions", "Health", "Pay", "Robotics"]
COLLEGE_PATTERNS = ["{city} Institute of Technology", "{name} College of Engineering",
                    "{name} Institute of Engineering and Technology", "University of {city}",
                    "{city} Engineering College", "{name} University", "Government College of Engineering, {city}"]
COLLEGE_CITIES = ["Nagpur", "Nashik", "Coimbatore", "Madurai", "Vijayawada", "Guntur", "Warangal", "Mysuru",
                  "Mangaluru", "Belagavi", "Aurangabad", "Kota", "Bhopal", "Gwalior", "Jabalpur", "Raipur",
                  "Ranchi", "Patna", "Lucknow", "Kanpur", "Dehradun", "Shimla", "Salem", "Tirupati", "Udaipur",
                  "Ohio", "Texas", "Leeds", "Porto", "Lyon", "Graz", "Brno", "Izmir", "Bursa", "Osaka"]
COLLEGE_NAMES = ["Sri Venkateswara", "Rajiv Gandhi", "Sardar Vallabhbhai", "Guru Nanak", "St. Joseph's",
                 "Lakshmi Narain", "Shri Vaishnav", "Maharaja Agrasen", "Bharati Vidyapeeth", "Kalinga",
                 "Chitkara", "Lovely Professional", "Sathyabama", "Hindustan", "Karunya", "Galgotias",
                 "Thapar", "Nirmala", "Vidya Vardhaka", "Acharya"]


class Weighted:
    """Draw from (item, weight) pairs in O(log n)."""

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.items = [p[0] for p in pairs]
        self.cum = list(accumulate(float(p[1]) for p in pairs))

    def draw(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


def zipf(items: Sequence[Any], s: float = 1.0, q: float = 2.0) -> Weighted:
    return Weighted([(it, 1.0 / (i + q) ** s) for i, it in enumerate(items)])


def rare_word(rank: int) -> str:
    """A made-up word for rank `rank` of the long tail ("kavoru", "zendalmi"): stable, pronounceable."""
    out = []
    r = rank + len(SYLLABLES) ** 2  # three syllables at least: never a real two-letter word
    while r:
        r, d = divmod(r, len(SYLLABLES))
        out.append(SYLLABLES[d])
    return "".join(out)


class World:
    """Everything drawn from: the taxonomy's entries arranged into realistic distributions."""

    def __init__(self, tax: Taxonomy, seed: int) -> None:
        rng = random.Random(seed)
        self.tax = tax
        self.regions = Weighted(REGIONS)
        self.first = {r: names.split() for r, names in FIRST.items()}
        self.last = {r: names.split() for r, names in LAST.items()}
        self.cities = {r: Weighted(c) for r, c in CITIES.items()}
        head = [h.strip() for line in HEAD for h in _split_head(line)]
        head = [h for h in head if h in tax.skills]
        tail = sorted(set(tax.skills) - set(head))
        rng.shuffle(tail)
        self.skills = zipf(head + tail, s=1.05, q=3.0)
        self.by_category: dict[str, Weighted] = {}
        ranked = head + tail
        for cat in {s.category for s in tax.skills.values()}:
            members = [s for s in ranked if tax.skills[s].category == cat]
            self.by_category[cat] = zipf(members, s=0.9, q=2.0)
        self.profiles = Weighted([(p, w) for p, (w, _) in PROFILES.items()])
        insts = list(tax.institutions.values())
        india = [i for i in insts if i.country == "India"]
        self.schools = {
            "iit": Weighted([(i.name, 3 if i.name.endswith(("Bombay", "Delhi", "Madras", "Kanpur", "Kharagpur")) else 1)
                             for i in india if "iit" in i.groups]),
            "nit": Weighted([(i.name, 1) for i in india if "nit" in i.groups]),
            "iiit": Weighted([(i.name, 1) for i in india if "iiit" in i.groups]),
            "bits": Weighted([(i.name, 1) for i in india if "bits" in i.groups]),
            "india": Weighted([(i.name, 1) for i in india if not {"iit", "nit", "iiit", "bits", "iim"} & set(i.groups)]),
            "iim": Weighted([(i.name, 1) for i in india if "iim" in i.groups]),
            "abroad": zipf([i.name for i in insts if i.country != "India"], s=0.6, q=5.0),
        }
        self.india_school_kind = Weighted([("iit", 8), ("nit", 10), ("iiit", 5), ("bits", 3), ("india", 44),
                                           ("local", 30)])
        self.abroad_school_kind = Weighted([("abroad", 65), ("local", 35)])
        known = sorted(set(tax.companies.values()))
        big = ["Google", "Microsoft", "Amazon", "Flipkart", "Infosys", "Tata Consultancy Services", "Wipro",
               "Accenture", "Meta", "Oracle", "IBM", "Adobe", "Salesforce", "Uber", "Swiggy", "Zomato", "Paytm",
               "Goldman Sachs", "JPMorgan Chase", "Deloitte", "Cognizant", "HCLTech", "Capgemini", "SAP"]
        big = [b for b in big if b in known]
        rest = [c for c in known if c not in big]
        rng.shuffle(rest)
        self.companies = zipf(big + rest, s=0.8, q=4.0)
        self.fields = Weighted(FIELDS_OF_STUDY)
        self.bachelor = {k: Weighted(v) for k, v in BACHELOR.items()}
        self.master = Weighted(MASTER)
        self.doctorate = Weighted(DOCTORATE)

    def rare(self, rng: random.Random) -> str:
        """A word of the long tail (a project, a tool): a power law over ranks, so a few are common, most
        are seen once or twice, and the vocabulary keeps growing with N as a real corpus's does."""
        rank = min(int(40 * ((1.0 - rng.random()) ** -1.1 - 1)), 10**9)
        return rare_word(rank)


def _split_head(line: str) -> list[str]:
    """HEAD lists skills separated by spaces, but some names have spaces: greedy longest match."""
    words = line.split()
    out: list[str] = []
    tax = load()
    i = 0
    while i < len(words):
        for n in (4, 3, 2, 1):
            cand = " ".join(words[i:i + n])
            if n == 1 or cand in tax.skills:
                out.append(cand)
                i += n
                break
    return out


def _pick_skills(w: World, rng: random.Random, profile: str) -> list[str]:
    cats = PROFILES[profile][1]
    want = rng.randint(5, 22)
    out: dict[str, None] = {}
    tries = 0
    while len(out) < want and tries < want * 4:
        tries += 1
        if rng.random() < 0.55:
            cat = cats[min(int(rng.expovariate(1.2)), len(cats) - 1)]
            s = w.by_category[cat].draw(rng) if cat in w.by_category else w.skills.draw(rng)
        else:
            s = w.skills.draw(rng)
        out.setdefault(s, None)
    return list(out)


def _school(w: World, rng: random.Random, region: str) -> str:
    kind = (w.india_school_kind if region == "india" else w.abroad_school_kind).draw(rng)
    if kind == "local":
        pat = rng.choice(COLLEGE_PATTERNS)
        return pat.format(city=rng.choice(COLLEGE_CITIES), name=rng.choice(COLLEGE_NAMES))
    return w.schools[kind].draw(rng)


def _company(w: World, rng: random.Random) -> str:
    if rng.random() < 0.45:
        return f"{rng.choice(STARTUP_WORDS)}{rng.choice(['', '', ' ' + w.rare(rng).title()])} {rng.choice(STARTUP_SUFFIX)}"
    return w.companies.draw(rng)


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def candidate(w: World, i: int, seed: int) -> dict[str, Any]:
    """The facts and text of synthetic candidate number `i` (a pure function of i and the seed)."""
    rng = random.Random(seed * 1_000_003 + i)
    region = w.regions.draw(rng)
    first = rng.choice(w.first[region])
    last = rng.choice(w.last[region])
    if region == "east_asia" and rng.random() < 0.12:
        name = f"{rng.choice(CJK_LAST)}{rng.choice(CJK_FIRST)}"
    elif rng.random() < 0.08:
        name = f"{first} {rng.choice(w.first[region])[0]}. {last}"
    else:
        name = f"{first} {last}"
    location = w.cities[region].draw(rng) if rng.random() < 0.92 else None
    profile = w.profiles.draw(rng)
    skills = _pick_skills(w, rng, profile)

    grad = 2025 - min(int(rng.expovariate(1 / 6.0)), 30)  # most people graduated recently
    education = []
    bach_kind = "india" if region == "india" else "other"
    education.append({"institution": _school(w, rng, region), "degree": w.bachelor[bach_kind].draw(rng),
                      "field": w.fields.draw(rng), "start": str(grad - 4), "end": str(grad),
                      "gpa": f"{rng.uniform(6.5, 9.8):.2f}/10" if region == "india" and rng.random() < 0.6 else None,
                      "location": None})
    r = rng.random()
    if r < 0.28:
        deg = w.master.draw(rng)
        school = _school(w, rng, region if rng.random() < 0.6 else "west")
        if deg == "MBA" and region == "india" and rng.random() < 0.5:
            school = w.schools["iim"].draw(rng)
        education.insert(0, {"institution": school, "degree": deg, "field": w.fields.draw(rng),
                             "start": str(grad + 1), "end": str(grad + 3), "gpa": None, "location": None})
        grad += 3
    elif r < 0.33:
        education.insert(0, {"institution": _school(w, rng, "west"), "degree": w.doctorate.draw(rng),
                             "field": w.fields.draw(rng), "start": str(grad + 1), "end": str(grad + 6),
                             "gpa": None, "location": None})
        grad += 6

    # Career: back from now, most recent first.
    experience = []
    years = 0.0
    if grad <= 2025:
        n_jobs = min(int(rng.expovariate(0.55)) + (1 if 2025 - grad > 1 else 0), 5)
        end_y, end_m = 2026, 10
        present = rng.random() < 0.75
        titles = TITLES[profile]
        for j in range(n_jobs):
            months = max(3, int(rng.expovariate(1 / 26.0)))
            start_total = end_y * 12 + end_m - months
            sy, sm = divmod(start_total - 1, 12)
            sm += 1
            if sy < grad:
                break
            intern = j == n_jobs - 1 and rng.random() < 0.25
            title = rng.choice([t for t in titles if "Intern" in t] or titles) if intern else \
                rng.choice([t for t in titles if "Intern" not in t])
            experience.append({"company": _company(w, rng), "title": title, "location": location,
                               "start": _ym(sy, sm), "end": "present" if j == 0 and present else _ym(end_y, end_m),
                               "internship": intern})
            if not intern:
                years += months / 12
            gap = int(rng.expovariate(1 / 3.0))
            end_total = start_total - gap
            end_y, end_m = divmod(end_total - 1, 12)
            end_m += 1
    years_exp = round(years, 1) if experience else None

    text = _text(rng, w, name, location, skills, education, experience, years_exp, profile)
    handle = key(name).replace(" ", ".") or "candidate"
    email = f"{handle}.{i}@example.{rng.choice(['com', 'in', 'org', 'dev'])}"
    phone = f"+91{rng.randint(7000000000, 9999999999)}" if region == "india" else \
        f"+1{rng.randint(2012000000, 9899999999)}"
    return {"name": name, "emails": [email], "phones": [phone], "links": [], "location": location,
            "education": education, "experience": experience, "skills": skills, "years_experience": years_exp,
            "text": text}


def _text(rng: random.Random, w: World, name: str, location: str | None, skills: list[str],
          education: list[dict[str, Any]], experience: list[dict[str, Any]], years: float | None,
          profile: str) -> str:
    lines = [name]
    if location:
        lines.append(location)
    role = experience[0]["title"] if experience else f"{profile.title()} graduate"
    yrs = f" with {years:g} years of experience" if years else ""
    focus = rng.sample(PHRASES, 2)
    lines.append(f"{role}{yrs} working on {focus[0]} and {focus[1]}.")
    lines.append("Experience")
    for x in experience[:3]:
        lines.append(f"{x['title']}, {x['company']} ({x['start']} - {x['end']})")
        used = rng.sample(skills, min(len(skills), 2))
        lines.append(f"{rng.choice(VERBS)} {rng.choice(PHRASES)} using {' and '.join(used)}, "
                     f"{rng.choice(OUTCOMES).format(n=rng.randint(2, 60))}; project {w.rare(rng)}.")
    lines.append("Education")
    for e in education:
        lines.append(f"{e['degree']} in {e['field']}, {e['institution']}, {e['start']}-{e['end']}")
    lines.append("Skills: " + ", ".join(skills))
    words = sum(len(ln.split()) for ln in lines)
    target = rng.randint(80, 150)
    filler = rng.sample(FILLER, len(FILLER))
    k = 0
    while words < target and k < len(filler):
        extra = filler[k]
        if rng.random() < 0.5:
            extra += f" Tools: {w.rare(rng)}, {w.rare(rng)}."
        lines.append(extra)
        words += len(extra.split())
        k += 1
    return "\n".join(lines)


def facts_text(c: dict[str, Any]) -> str:
    """The FTS5 floor's document: the candidate's facts as plain text, no aliases, no understanding."""
    parts = [c["name"] or "", c["location"] or "", " ".join(c["skills"])]
    for e in c["education"]:
        parts += [e["institution"] or "", e["degree"] or "", e["field"] or ""]
    for x in c["experience"]:
        parts += [x["company"] or "", x["title"] or ""]
    return " | ".join(p for p in parts if p)


# -- writing ------------------------------------------------------------------------------------------------
def batches(n: int, start: int, size: int = BATCH) -> Iterator[range]:
    for lo in range(start, n, size):
        yield range(lo, min(n, lo + size))


_WORLD: World | None = None


def _prepare(job: tuple[int, int, int, int, str, datetime]) -> dict[str, Any]:
    """Rows for candidates lo..hi-1 (ids from first_id): a pure function of its arguments, run in workers."""
    lo, hi, seed, first_id, workspace, now = job
    global _WORLD
    if _WORLD is None:
        _WORLD = World(load(), seed)
    world, tax = _WORLD, _WORLD.tax
    out: dict[str, Any] = {k: [] for k in ("candidate", "file", "edu", "exp", "skill", "contact", "fts")}
    out["postings"] = {}
    for i in range(lo, hi):
        c = candidate(world, i, seed)
        cid = first_id + i
        rng = random.Random(seed * 7_000_001 + i)
        when = now - timedelta(days=730 * rng.random() ** 1.5, seconds=rng.randint(0, 86_399))
        resume = {k: v for k, v in c.items() if k != "text"}
        resume.update(warnings=[], confidence={}, media_type="text/plain", pages=1, parser_version=1)
        current = next((x for x in c["experience"] if x["end"] == "present"),
                       c["experience"][0] if c["experience"] else None)
        out["candidate"].append({
            "id": cid, "workspace": workspace, "name": c["name"], "name_key": key(c["name"]) or None,
            "title": current["title"] if current else None, "company": current["company"] if current else None,
            "location": c["location"], "years_experience": c["years_experience"], "emails": c["emails"],
            "phones": c["phones"], "links": [], "skills": c["skills"], "resume": resume, "corrections": {},
            "versions": 1, "uploaded_by": "bench", "search_text": index.search_text(c["text"]),
            "created_at": when, "updated_at": when, "ingested_at": when})
        data = c["text"].encode()
        out["file"].append({"workspace": workspace, "candidate_id": cid, "original_name": f"synthetic-{i}.txt",
                            "size": len(data), "sha256": hashlib.sha256(data + str(i).encode()).hexdigest(),
                            "media_type": "text/plain", "content": data, "text": c["text"], "parsed": resume,
                            "parser_version": 1, "uploaded_by": "bench", "source": "bench/synthetic.py",
                            "created_at": when})
        for p, e in enumerate(c["education"]):
            out["edu"].append({"workspace": workspace, "candidate_id": cid, "position": p, **e})
        for p, x in enumerate(c["experience"]):
            out["exp"].append({"workspace": workspace, "candidate_id": cid, "position": p, **x})
        for sk in c["skills"]:
            out["skill"].append({"workspace": workspace, "candidate_id": cid, "skill": sk})
        out["contact"].append({"workspace": workspace, "candidate_id": cid, "kind": "email", "value": c["emails"][0]})
        out["contact"].append({"workspace": workspace, "candidate_id": cid, "kind": "phone",
                               "value": c["phones"][0][-10:]})
        # What a real ingest indexes (bot.ingest.reindex): the stored resume facts, name and location, text.
        out["postings"][cid] = index.postings(dict(resume), c["text"], tax)
        out["fts"].append((cid, facts_text(c)))
    return out


def fill(url: str, n: int, *, seed: int = 7, fts: str | None = None, progress: bool = True,
         workspace: str = WORKSPACE, jobs: int | None = None) -> dict[str, Any]:
    """Add candidates to the store until the workspace holds `n` synthetic ones (resumable).

    Workers generate rows (candidates are a pure function of their number and the seed) while this
    process writes them, one transaction per batch."""
    t0 = time.perf_counter()
    engine = make_engine(url)
    migrate(engine)
    with session(engine, write=True) as s:
        if s.get(Workspace, workspace) is None:
            s.add(Workspace(key=workspace, name="synthetic benchmark"))
        have = int(s.execute(select(func.count()).select_from(Candidate)
                             .where(Candidate.workspace == workspace)).scalar_one())
        first_id = int(s.execute(select(func.coalesce(func.max(Candidate.id), 0))).scalar_one()) + 1 - have
    fts_db = _fts_open(fts, fresh=have == 0) if fts else None
    now = datetime.now(UTC)
    postings_n = 0
    todo = [(r.start, r.stop, seed, first_id, workspace, now) for r in batches(n, have)]
    jobs = jobs if jobs is not None else (1 if (os.cpu_count() or 1) > 1 else 0)
    pool = multiprocessing.get_context("spawn").Pool(jobs) if jobs > 0 and len(todo) > 1 else None

    def made() -> Iterator[dict[str, Any]]:
        if pool is None:
            yield from map(_prepare, todo)
            return
        ahead: deque[Any] = deque()  # a few batches in flight: workers never run far ahead of the writer
        for job in todo:
            ahead.append(pool.apply_async(_prepare, (job,)))
            if len(ahead) > 2 * jobs:
                yield ahead.popleft().get()
        while ahead:
            yield ahead.popleft().get()

    try:
        for job, b in zip(todo, made()):
            with session(engine, write=True) as s:
                conn = s.connection()  # Core executemany, as storage.search.add_postings does
                for model, name in ((Candidate, "candidate"), (ResumeFile, "file"), (Education, "edu"),
                                    (Experience, "exp"), (CandidateSkill, "skill"), (Contact, "contact")):
                    if b[name]:
                        conn.execute(model.__table__.insert(), b[name])  # type: ignore[attr-defined]
                search_store.add_postings(session=s, workspace=workspace, postings=b["postings"])
            postings_n += sum(len(p) for p in b["postings"].values())
            if fts_db is not None:
                fts_db.executemany("INSERT INTO facts(rowid, doc) VALUES (?, ?)", b["fts"])
                fts_db.commit()
            done = job[1]
            if progress and (done % 20_000 < BATCH or done == n):
                el = time.perf_counter() - t0
                print(f"  {done:>9,} candidates  {el:7.1f} s  ({(done - have) / el:,.0f}/s)", file=sys.stderr,
                      flush=True)
    finally:
        if pool:
            pool.terminate()
    if fts_db is not None:
        fts_db.execute("INSERT INTO facts(facts) VALUES ('optimize')")
        fts_db.commit()
        fts_db.close()
    with session(engine) as s:
        vocab = int(s.execute(select(func.count()).select_from(Vocab).where(Vocab.workspace == workspace)).scalar_one())
        total_postings = int(s.execute(select(func.count()).select_from(Posting)
                                       .where(Posting.workspace == workspace)).scalar_one()) if n <= 200_000 else None
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            # No ANALYZE: Sift's own SQLite stores never gather planner statistics, so neither does the bench.
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            conn.exec_driver_sql("ANALYZE")  # what autovacuum does soon after a bulk load
            conn.commit()
    engine.dispose()
    db_mb = None
    if url.startswith("sqlite:///"):
        db_mb = round(os.path.getsize(url[len("sqlite:///"):]) / 2**20, 1)
    return {"candidates": n, "added": n - have, "seconds": round(time.perf_counter() - t0, 1),
            "postings_added": postings_n, "postings": total_postings, "vocabulary": vocab, "db_mb": db_mb}


def _fts_open(path: str, *, fresh: bool) -> sqlite3.Connection:
    if fresh and os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS facts USING fts5(doc, tokenize='unicode61 remove_diacritics 2')")
    return db


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--candidates", type=int, default=1000)
    ap.add_argument("--db", help="SQLite file (default: bench-N.db in the current folder)")
    ap.add_argument("--url", help="store URL instead of --db (postgresql+psycopg://...)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--fts", help="also write the FTS5 floor table to this SQLite file")
    ap.add_argument("--jobs", type=int, default=None,
                    help="generator processes beside the writer (default 1 on a multi-core machine; 0: none)")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--show", type=int, default=0, help="print the first N candidates as JSON and exit")
    args = ap.parse_args(argv)
    if args.show:
        world = World(load(), args.seed)
        for i in range(args.show):
            print(json.dumps(candidate(world, i, args.seed), ensure_ascii=False))
        return 0
    url = args.url or f"sqlite:///{Path(args.db or f'bench-{args.candidates}.db').resolve()}"
    out = fill(url, args.candidates, seed=args.seed, fts=args.fts, progress=not args.quiet, jobs=args.jobs)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
