"""The taxonomy data files: the aliases, groups, places, headings and titles users search by."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.normalize import key
from bot.resume import taxonomy
from bot.resume.taxonomy import Taxonomy, load

BOT = Path(taxonomy.__file__).resolve().parents[1]
DATA = taxonomy.DATA

IIT_CAMPUSES = {
    "Kharagpur", "Bombay", "Madras", "Kanpur", "Delhi", "Guwahati", "Roorkee", "Ropar", "Bhubaneswar",
    "Gandhinagar", "Hyderabad", "Jodhpur", "Patna", "Indore", "Mandi", "(BHU) Varanasi", "Palakkad", "Tirupati",
    "(Indian School of Mines) Dhanbad", "Bhilai", "Goa", "Jammu", "Dharwad",
}


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return load()


def _raw(name: str) -> Any:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


class _NoDuplicates(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys silently; a repeated canonical name would vanish."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for k, _ in node.value:
            value = self.construct_object(k, deep=deep)
            if value in seen:
                raise AssertionError(f"{k.start_mark}: {value!r} appears twice")
            seen.add(value)
        return super().construct_mapping(node, deep=deep)


# --- the data loads, fast, and no key means two things ---------------------------------------------------

def test_data_files_load_without_ambiguous_keys(tax: Taxonomy) -> None:
    assert tax.skills and tax.institutions and tax.places and tax.degrees and tax.headings


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.yml")))
def test_no_data_file_repeats_a_key(name: str) -> None:
    yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=_NoDuplicates)  # noqa: S506 - SafeLoader subclass


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.yml")))
def test_every_value_in_the_data_is_text(name: str) -> None:
    # YAML turns NO (Norway), +2, 10 and yes into booleans and numbers unless they are quoted.
    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                assert isinstance(k, str), f"{name}: key {k!r}"
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        else:
            assert x is None or isinstance(x, str), f"{name}: {x!r} is not text"

    walk(_raw(name))


def test_an_alias_with_two_meanings_is_refused(tmp_path: Path) -> None:
    # A copy of the loader and its data in a fresh interpreter: nothing of this process is patched.
    pkg = tmp_path / "bot"
    (pkg / "resume").mkdir(parents=True)
    for rel in ("__init__.py", "normalize.py", "resume/__init__.py", "resume/taxonomy.py"):
        shutil.copy(BOT / rel, pkg / rel)
    shutil.copytree(DATA, pkg / "resume" / "data")
    skills = pkg / "resume" / "data" / "skills.yml"
    skills.write_text(skills.read_text(encoding="utf-8").replace(
        "    kubernetes: [k8s,", "    kubernetes: [postgres, k8s,", 1), encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", "from bot.resume.taxonomy import load; load()"],
                         cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)}, capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    assert "'postgres' means both 'postgresql' and 'kubernetes'" in run.stderr


# --- skills ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("printed", "canonical"), [
    ("K8s", "kubernetes"), ("golang", "go"), ("JS", "javascript"), ("TS", "typescript"),
    ("Postgres", "postgresql"), ("psql", "postgresql"), ("NLP", "natural language processing"),
    ("ML", "machine learning"), ("DL", "deep learning"), ("LLMs", "large language models"),
    ("LLM", "large language models"), ("sklearn", "scikit-learn"), ("Scikit Learn", "scikit-learn"),
    ("React.js", "react"), ("ReactJS", "react"), ("NodeJS", "node.js"), ("Node", "node.js"),
    ("Hugging Face", "huggingface"), ("HF", "huggingface"), ("TF", "tensorflow"), ("torch", "pytorch"),
    ("AWS SageMaker", "sagemaker"), ("Amazon SageMaker", "sagemaker"), ("Apache Spark", "spark"),
    ("PySpark", "pyspark"), ("Apache Beam", "apache beam"), ("Apache Kafka", "kafka"),
    ("ElasticSearch", "elasticsearch"), ("Mongo", "mongodb"), ("MS SQL", "microsoft sql server"),
    ("SQL Server", "microsoft sql server"), ("C Sharp", "c#"), ("dotnet", ".net"), ("Objective C", "objective-c"),
    ("HTML5", "html5"), ("HTML", "html"), ("CSS3", "css"), ("Amazon Web Services", "aws"),
    ("Google Cloud Platform", "gcp"), ("Google Cloud", "gcp"), ("Microsoft Azure", "azure"),
    ("Recommendation Systems", "recommender systems"), ("Knowledge Distillation", "knowledge distillation"),
    ("Generative AI", "generative ai"), ("Computer Vision", "computer vision"), ("CUDA C", "cuda"),
    ("Vue", "vue.js"), ("C++", "c++"), ("Python3", "python"), ("MLFlow", "mlflow"),
])
def test_printed_skill_maps_to_its_canonical_name(tax: Taxonomy, printed: str, canonical: str) -> None:
    skill = tax.skill(printed)
    assert skill is not None and skill.name == canonical


def test_cv_is_not_an_alias_of_computer_vision(tax: Taxonomy) -> None:
    assert tax.skill("CV") is None


def test_sagemaker_and_aws_are_separate_skills(tax: Taxonomy) -> None:
    assert tax.skill("SageMaker").name == "sagemaker"  # type: ignore[union-attr]
    assert tax.skill("AWS").name == "aws"  # type: ignore[union-attr]


def test_canonical_skill_names_are_lower_case_and_their_own_key(tax: Taxonomy) -> None:
    for name in tax.skills:
        assert name == name.lower(), name
        assert tax.skill(name).name == name  # type: ignore[union-attr]


def test_context_only_entries_are_known_skill_names_or_aliases(tax: Taxonomy) -> None:
    unknown = [w for w in _raw("skills.yml")["context_only"] if key(w) not in tax.skill_keys]
    assert unknown == []


@pytest.mark.parametrize("word", ["go", "r", "c", "d", "excel", "swift", "julia", "spring", "unity", "less",
                                  "make", "chef", "puppet", "ant", "windows"])
def test_skills_that_are_common_words_count_only_in_skill_lists(tax: Taxonomy, word: str) -> None:
    assert tax.skill(word).context_only  # type: ignore[union-attr]


@pytest.mark.parametrize("word", ["rust", "spark", "python", "pytorch", "kubernetes", "tensorflow"])
def test_unambiguous_skills_count_in_prose(tax: Taxonomy, word: str) -> None:
    assert not tax.skill(word).context_only  # type: ignore[union-attr]


def test_a_context_only_alias_does_not_make_its_skill_context_only(tax: Taxonomy) -> None:
    assert tax.skill("TF").context_only  # type: ignore[union-attr]
    assert not tax.skill("TensorFlow").context_only  # type: ignore[union-attr]


# --- institutions ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("printed", [
    "IIT Delhi", "IITD", "IIT-D", "IIT-Delhi,", "Indian Institute of Technology, Delhi",
    "Indian Institute of Technology Delhi", "iit delhi",
])
def test_every_way_of_writing_iit_delhi_is_the_delhi_campus(tax: Taxonomy, printed: str) -> None:
    assert tax.institution(printed).name == "Indian Institute of Technology Delhi"  # type: ignore[union-attr]


@pytest.mark.parametrize(("printed", "canonical"), [
    ("IIT Bombay", "Indian Institute of Technology Bombay"), ("IITB", "Indian Institute of Technology Bombay"),
    ("IIT Mumbai", "Indian Institute of Technology Bombay"),
    ("Indian Institute of Technology, Bombay", "Indian Institute of Technology Bombay"),
    ("IIT KGP", "Indian Institute of Technology Kharagpur"), ("IIT Kgp", "Indian Institute of Technology Kharagpur"),
    ("IIT(BHU)", "Indian Institute of Technology (BHU) Varanasi"),
    ("IIT BHU", "Indian Institute of Technology (BHU) Varanasi"),
    ("IIT (ISM) Dhanbad", "Indian Institute of Technology (Indian School of Mines) Dhanbad"),
    ("ISM Dhanbad", "Indian Institute of Technology (Indian School of Mines) Dhanbad"),
    ("NIT Trichy", "National Institute of Technology Tiruchirappalli"),
    ("NITK Surathkal", "National Institute of Technology Karnataka"),
    ("MNIT Jaipur", "Malaviya National Institute of Technology Jaipur"),
    ("VNIT Nagpur", "Visvesvaraya National Institute of Technology Nagpur"),
    ("MNNIT Allahabad", "Motilal Nehru National Institute of Technology Allahabad"),
    ("IIIT-D", "Indraprastha Institute of Information Technology Delhi"),
    ("IIIT Hyderabad", "International Institute of Information Technology Hyderabad"),
    ("BITS Goa", "Birla Institute of Technology and Science, Pilani - K K Birla Goa Campus"),
    ("IISc Bangalore", "Indian Institute of Science"),
    ("DCE", "Delhi Technological University"), ("NSIT", "Netaji Subhas University of Technology"),
    ("Georgia Tech", "Georgia Institute of Technology"), ("GaTech", "Georgia Institute of Technology"),
    ("CMU", "Carnegie Mellon University"), ("UC Berkeley", "University of California, Berkeley"),
    ("UPenn", "University of Pennsylvania"), ("UIUC", "University of Illinois Urbana-Champaign"),
    ("ETH Zürich", "ETH Zurich"), ("ETH Zurich", "ETH Zurich"), ("ETHZ", "ETH Zurich"),
    ("TU München", "Technical University of Munich"), ("TUM", "Technical University of Munich"),
    ("Technische Universität München", "Technical University of Munich"),
    ("POSTECH", "Pohang University of Science and Technology"),
    ("ITU", "Istanbul Technical University"), ("Boğaziçi University", "Boğaziçi University"),
    ("Bogazici University", "Boğaziçi University"), ("METU", "Middle East Technical University"),
    ("NTU Singapore", "Nanyang Technological University"),
])
def test_institution_abbreviations_resolve(tax: Taxonomy, printed: str, canonical: str) -> None:
    assert tax.institution(printed).name == canonical  # type: ignore[union-attr]


def test_exactly_the_23_iit_campuses_are_in_the_iit_group(tax: Taxonomy) -> None:
    iits = {i.name for i in tax.institutions.values() if "iit" in i.groups}
    assert iits == {f"Indian Institute of Technology {c}" for c in IIT_CAMPUSES}


@pytest.mark.parametrize("printed", [
    "IIIT Hyderabad", "IIIT Delhi", "IIIT Allahabad", "NIT Trichy", "NIT Warangal", "IISc", "IIM Ahmedabad",
    "IIM Calcutta", "IISER Pune", "BITS Pilani", "Illinois Institute of Technology", "ISI Kolkata",
    "Banaras Hindu University", "Delhi Technological University",
])
def test_other_institutes_are_not_iits(tax: Taxonomy, printed: str) -> None:
    inst = tax.institution(printed)
    assert inst is not None and "iit" not in inst.groups


@pytest.mark.parametrize(("group", "at_least"), [("nit", 31), ("iiit", 15), ("iim", 7), ("iiser", 7), ("bits", 3),
                                                 ("ivy", 8)])
def test_each_group_has_its_campuses(tax: Taxonomy, group: str, at_least: int) -> None:
    assert sum(group in i.groups for i in tax.institutions.values()) >= at_least


def test_there_are_exactly_31_nits(tax: Taxonomy) -> None:
    assert sum("nit" in i.groups for i in tax.institutions.values()) == 31


def test_the_seven_old_iims_are_there(tax: Taxonomy) -> None:
    for city in ("Ahmedabad", "Bangalore", "Calcutta", "Lucknow", "Kozhikode", "Indore", "Shillong"):
        assert "iim" in tax.institution(f"IIM {city}").groups  # type: ignore[union-attr]


def test_ivy_league_is_the_eight(tax: Taxonomy) -> None:
    universities = {i.name for i in tax.institutions.values() if "ivy" in i.groups and "School" not in i.name}
    assert universities == {"Harvard University", "Yale University", "Princeton University", "Columbia University",
                            "Cornell University", "University of Pennsylvania", "Brown University",
                            "Dartmouth College"}


def test_indian_institute_of_technology_alone_is_the_group_not_a_campus(tax: Taxonomy) -> None:
    assert tax.institution("Indian Institute of Technology") is None
    assert tax.group_keys[key("Indian Institute of Technology")] == "iit"
    assert tax.group_keys[key("IIT")] == "iit"
    assert tax.group_keys[key("IIM")] == "iim"
    assert tax.group_keys[key("NITs")] == "nit"


@pytest.mark.parametrize("ambiguous", ["GT", "NTU", "SNU", "UT", "UW", "IIT", "Cambridge", "Columbia", "DU"])
def test_ambiguous_short_forms_name_no_institution(tax: Taxonomy, ambiguous: str) -> None:
    assert tax.institution(ambiguous) is None


def test_institution_cities_and_countries_are_known_places(tax: Taxonomy) -> None:
    for inst in tax.institutions.values():
        country = tax.places.get(inst.country or "")
        assert country is not None and country.kind != "city" and country.kind != "region", inst.name
        if inst.city:
            city = tax.places.get(inst.city)
            assert city is not None and city.kind == "city", (inst.name, inst.city)
            assert city.country == inst.country, (inst.name, inst.city)


# --- places ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("printed", "canonical"), [
    ("bangalore", "Bengaluru"), ("Bengaluru", "Bengaluru"), ("bombay", "Mumbai"), ("Madras", "Chennai"),
    ("Calcutta", "Kolkata"), ("Gurgaon", "Gurugram"), ("Poona", "Pune"), ("Zurich", "Zürich"), ("Zürich", "Zürich"),
    ("München", "Munich"), ("Köln", "Cologne"), ("Krakow", "Kraków"), ("Sao Paulo", "São Paulo"),
    ("NYC", "New York"), ("New York City", "New York"), ("SF", "San Francisco"), ("Bay Area", "San Francisco Bay Area"),
    ("USA", "United States"), ("U.S.", "United States"), ("US", "United States"),
    ("United States of America", "United States"), ("UK", "United Kingdom"), ("Great Britain", "United Kingdom"),
    ("UAE", "United Arab Emirates"), ("Republic of Korea", "South Korea"), ("Korea", "South Korea"),
    ("Turkey", "Türkiye"), ("Türkiye", "Türkiye"), ("Deutschland", "Germany"), ("Schweiz", "Switzerland"),
    ("Suisse", "Switzerland"), ("WA", "Washington"), ("CA", "California"), ("Delhi NCR", "National Capital Region"),
])
def test_place_spellings_resolve(tax: Taxonomy, printed: str, canonical: str) -> None:
    assert tax.place(printed).name == canonical  # type: ignore[union-attr]


@pytest.mark.parametrize("word", ["IN", "OR", "ME", "OK", "HI", "OH", "Nice", "Reading"])
def test_state_codes_and_cities_that_are_words_are_not_places(tax: Taxonomy, word: str) -> None:
    assert tax.place(word) is None


def test_every_country_has_a_distinct_iso_code(tax: Taxonomy) -> None:
    codes = [e["code"] for e in _raw("places.yml")["countries"]]
    assert all(len(c) == 2 and c.isupper() for c in codes)
    assert len(codes) == len(set(codes))


def test_every_city_and_region_names_a_known_country(tax: Taxonomy) -> None:
    raw = _raw("places.yml")
    countries = {e["name"] for e in raw["countries"]}
    for e in raw["regions"] + raw["cities"]:
        assert e.get("country") in countries, e["name"]


def test_a_country_is_of_kind_country(tax: Taxonomy) -> None:
    assert tax.place("India").kind == "country"  # type: ignore[union-attr]


# --- headings, degrees, work ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("heading", "kind"), [
    ("Where I've Worked", "experience"), ("Where I’ve Worked", "experience"), ("Tech Stack", "skills"),
    ("Academic Background", "education"), ("SKILLS & INTERESTS", "skills"), ("Technical Skills", "skills"),
    ("Core Competencies", "skills"), ("Toolbox", "skills"), ("Technologies", "skills"),
    ("Programming Languages", "skills"), ("Employment History", "experience"), ("Work History", "experience"),
    ("Professional Experience", "experience"), ("Research Experience", "experience"),
    ("Industry Experience", "experience"), ("Software Engineering Experience", "experience"),
    ("Internships", "internships"), ("Educational Qualifications", "education"),
    ("Selected Research Projects", "projects"), ("Scholastic Achievements", "awards"),
    ("Honors & Awards", "awards"), ("Key Courses Undertaken", "courses"), ("Relevant Coursework", "courses"),
    ("Extra Curricular", "activities"), ("Positions of Responsibility", "leadership"),
    ("On Campus Involvement", "leadership"), ("Volunteer Experience", "volunteering"),
    ("Patents & Publications", "publications"), ("Pre-prints", "publications"), ("Languages", "languages"),
    ("Hobbies", "interests"), ("Research Interests", "summary"), ("Professional Profile", "summary"),
    ("Career Objective", "objective"), ("References", "references"), ("Patents", "patents"),
    ("Teaching", "teaching"), ("Invited Talks", "talks"), ("Professional Affiliations", "affiliations"),
    ("Miscellaneous", "other"), ("Contact Information", "contact"), ("Certifications", "certifications"),
    ("Berufserfahrung", "experience"), ("Ausbildung", "education"), ("Kenntnisse", "skills"),
    ("Expérience professionnelle", "experience"), ("Formation", "education"), ("Compétences", "skills"),
    ("Experiencia", "experience"), ("Educación", "education"), ("Habilidades", "skills"),
    ("Experiência Profissional", "experience"), ("Werkervaring", "experience"), ("Opleiding", "education"),
    ("Deneyim", "experience"), ("Eğitim", "education"), ("Yetenekler", "skills"),
])
def test_headings_map_to_their_section_kind(tax: Taxonomy, heading: str, kind: str) -> None:
    assert tax.heading(heading) == kind


def test_every_section_kind_has_at_least_ten_headings(tax: Taxonomy) -> None:
    raw = _raw("headings.yml")
    assert {k for k, v in raw.items() if len(v) < 10} == set()


def test_the_kinds_the_parser_reads_exist(tax: Taxonomy) -> None:
    kinds = set(tax.headings.values())
    assert {"contact", "summary", "education", "experience", "internships", "volunteering", "leadership", "skills",
            "projects", "publications", "references"} <= kinds


@pytest.mark.parametrize(("printed", "canonical", "level"), [
    ("B.Tech", "Bachelor of Technology", "bachelor"), ("BTech", "Bachelor of Technology", "bachelor"),
    ("B. Tech", "Bachelor of Technology", "bachelor"), ("B-Tech", "Bachelor of Technology", "bachelor"),
    ("B.E.", "Bachelor of Engineering", "bachelor"), ("BEng", "Bachelor of Engineering", "bachelor"),
    ("B.Sc.", "Bachelor of Science", "bachelor"), ("BS", "Bachelor of Science", "bachelor"),
    ("B.A.", "Bachelor of Arts", "bachelor"), ("B.Com", "Bachelor of Commerce", "bachelor"),
    ("BBA", "Bachelor of Business Administration", "bachelor"),
    ("BCA", "Bachelor of Computer Applications", "bachelor"), ("Bachelors", "Bachelor's degree", "bachelor"),
    ("M.Tech", "Master of Technology", "master"), ("M.E.", "Master of Engineering", "master"),
    ("MEng", "Master of Engineering", "master"), ("M.S.", "Master of Science", "master"),
    ("MSc", "Master of Science", "master"), ("Master of Science (Thesis)", "Master of Science", "master"),
    ("MBA", "Master of Business Administration", "master"), ("MCA", "Master of Computer Applications", "master"),
    ("Master's", "Master's degree", "master"), ("Dual Degree (B.Tech + M.Tech)", "Dual Degree", "master"),
    ("Integrated M.Sc", "Integrated Master of Science", "master"),
    ("Ph.D.", "Doctor of Philosophy", "doctorate"), ("PhD", "Doctor of Philosophy", "doctorate"),
    ("Doctorate", "Doctor of Philosophy", "doctorate"), ("JD", "Juris Doctor", "doctorate"),
    ("Class XII", "High School", "school"), ("Class 12", "High School", "school"), ("HSC", "High School", "school"),
    ("AISSCE", "High School", "school"), ("Higher Secondary", "High School", "school"),
    ("Class X", "Secondary School Certificate", "school"), ("SSC", "Secondary School Certificate", "school"),
    ("A-Levels", "A-Levels", "school"), ("Abitur", "Abitur", "school"),
    ("Diploma", "Diploma", "diploma"), ("A.S.", "Associate of Science", "associate"),
])
def test_printed_degrees_resolve_to_name_and_level(tax: Taxonomy, printed: str, canonical: str, level: str) -> None:
    degree = tax.degree(printed)
    assert degree is not None and (degree.name, degree.level) == (canonical, level)


def test_degree_levels_are_the_six(tax: Taxonomy) -> None:
    assert {d.level for d in tax.degrees.values()} == {"school", "diploma", "associate", "bachelor", "master",
                                                      "doctorate"}


@pytest.mark.parametrize("word", ["engineer", "developer", "scientist", "researcher", "intern", "analyst", "manager",
                                  "consultant", "fellow", "sde", "swe", "mts", "sre", "founder", "co-founder",
                                  "volunteer", "tutor"])
def test_title_words(tax: Taxonomy, word: str) -> None:
    assert key(word) in tax.title_words


@pytest.mark.parametrize("phrase", ["Member of Technical Staff", "Pre-Doctoral Researcher", "Research Fellow",
                                    "Teaching Assistant", "Site Reliability Engineer", "Chief of Staff"])
def test_title_phrases(tax: Taxonomy, phrase: str) -> None:
    assert key(phrase) in tax.title_phrases


@pytest.mark.parametrize("suffix", ["Inc.", "LLC", "Ltd.", "Pvt. Ltd.", "Private Limited", "GmbH", "S.A.", "Corp."])
def test_company_suffixes(tax: Taxonomy, suffix: str) -> None:
    assert key(suffix) in tax.company_suffixes


@pytest.mark.parametrize(("printed", "canonical"), [
    ("Amazon.com", "Amazon"), ("AWS", "Amazon Web Services"), ("Facebook", "Meta"), ("Alphabet", "Google"),
    ("MSR", "Microsoft Research"), ("Microsoft Research India", "Microsoft Research"), ("MSFT", "Microsoft"),
    ("DeepMind", "Google DeepMind"), ("IBM Research Zürich", "IBM Research"), ("TCS", "Tata Consultancy Services"),
    ("JP Morgan", "JPMorgan Chase"), ("J.P. Morgan", "JPMorgan Chase"), ("BCG", "Boston Consulting Group"),
    ("McKinsey", "McKinsey & Company"), ("Yahoo!", "Yahoo"), ("Ola Cabs", "Ola"), ("One97 Communications", "Paytm"),
])
def test_company_aliases_resolve(tax: Taxonomy, printed: str, canonical: str) -> None:
    assert tax.companies.get(key(printed)) == canonical


# --- how much there is ----------------------------------------------------------------------------------------

def test_the_data_meets_its_size_floors(tax: Taxonomy) -> None:
    places = _raw("places.yml")
    assert len(tax.skills) >= 500
    assert len(tax.institutions) >= 250
    assert len(places["cities"]) >= 400
    assert len(places["countries"]) >= 195
    assert sum(e.get("country") == "United States" for e in places["regions"]) >= 50
    assert sum(e.get("country") == "India" for e in places["regions"]) >= 28
    assert len(tax.title_words) >= 200
    assert len(set(tax.companies.values())) >= 300
    assert len(_raw("skills.yml")["skills"]) >= 15  # categories


def test_metropolitan_regions_and_company_groups_name_known_places_and_companies():
    t = load()
    assert t.place("Sunnyvale").within == "San Francisco Bay Area"  # type: ignore[union-attr]
    assert "Gurugram" in t.cities_within["National Capital Region"]
    assert all(t.places[r].kind == "region" and all(t.places[c].within == r for c in cs)
               for r, cs in t.cities_within.items())
    assert t.company_groups["faang"] == ("Meta", "Amazon", "Apple", "Netflix", "Google")
    assert all(t.companies[key(m)] == m for ms in t.company_groups.values() for m in ms)
