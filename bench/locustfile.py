"""Load profile: visitors browsing, and signed-in readers who follow, read, save and search."""

import random
import re
import uuid
from pathlib import Path

from locust import HttpUser, between, task

CONTENT = Path(__file__).resolve().parent.parent / "content" / "articles"
ARTICLES = sorted(p.stem for p in CONTENT.glob("*.toml"))
TOPICS = ["ebv", "mogad", "fatigue", "diet", "b-cells", "pml", "brain-iron", "pregnancy"]
WORDS = ["fatigue", "vitamin", "pregnancy", "MOG", "iron", "trial", "B cells"]
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class Visitor(HttpUser):
    wait_time = between(0.2, 1.0)

    @task(3)
    def home(self):
        self.client.get("/")

    @task(2)
    def topic(self):
        self.client.get(f"/topics/{random.choice(TOPICS)}", name="/topics/<slug>")

    @task(4)
    def article(self):
        self.client.get(f"/articles/{random.choice(ARTICLES)}", name="/articles/<slug>")

    @task(1)
    def search(self):
        self.client.get("/search", params={"q": random.choice(WORDS)}, name="/search?q=")


class Reader(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self):
        page = self.client.get("/signup").text
        self.token = CSRF.search(page)[1]
        email = f"load-{uuid.uuid4().hex[:12]}@example.com"
        data = {"email": email, "password": "a calm long passphrase", "role": "caregiver"}
        self.post("/signup", data)
        self.token = CSRF.search(self.client.get("/topics").text)[1]
        for slug in random.sample(TOPICS, 3):
            self.post(f"/topics/{slug}/follow", {}, name="/topics/<slug>/follow")

    def post(self, url, data, name=None):
        with self.client.post(
            url, data={**data, "csrf_token": self.token}, name=name, catch_response=True
        ) as response:
            if response.status_code >= 400:
                response.failure(f"{url} answered {response.status_code}")

    @task(4)
    def feed(self):
        self.client.get("/")

    @task(1)
    def feed_unread(self):
        self.client.get("/?hide_read=1", name="/?hide_read=1")

    @task(4)
    def read_article(self):
        self.client.get(f"/articles/{random.choice(ARTICLES)}", name="/articles/<slug>")

    @task(1)
    def search(self):
        self.client.get("/search", params={"q": random.choice(WORDS)}, name="/search?q=")

    @task(2)
    def save_article(self):
        slug = random.choice(ARTICLES)
        self.post(f"/articles/{slug}/save", {}, name="/articles/<slug>/save")

    @task(1)
    def saved_list(self):
        self.client.get("/saved")
