"""What operators watch (GET /metrics, Prometheus text format): counts and timings, never personal data."""
from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

RESUMES = Counter("sift_resumes", "Resume files handled, by outcome and rejection reason",
                  ["status", "reason"], registry=REGISTRY)
PARSE_SECONDS = Histogram("sift_parse_seconds", "Time to read one resume in its worker process",
                          buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20), registry=REGISTRY)
SEARCH_SECONDS = Histogram("sift_search_seconds", "Time to answer one /find",
                           buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5), registry=REGISTRY)
DIGESTS = Counter("sift_digests", "Digest runs, by outcome (posted, empty, failed)", ["status"], registry=REGISTRY)
EVENTS = Counter("sift_platform_events", "Deliveries from chat platforms, by platform and kind (new, repeat)",
                 ["platform", "kind"], registry=REGISTRY)
UP = Gauge("sift_adapter_up", "1 while an adapter is connected", ["adapter"], registry=REGISTRY)
