"""Email digests, one module a job.

- `schedule`: who is due now, and the period (day or week) their digest belongs to
- `plan`: what each due reader's digest lists (nothing is written)
- `send`: claiming each digest once, sending it and recording the outcome
- `message`: the email itself, with tracked links and one-click unsubscribe
- `preview`: a reader's next digest, as `send` would build it now
- `clicks`: digest links: the first click, the "from your digest" bar, per-digest counts
- `settings`: a reader's preferences: how often, when, how many, pauses

Content comes from the feed query (`services.feed.feed_stmt`): for a batch of readers one
statement unions each reader's own feed query, so a batch costs the same few SQL statements
however many readers it holds.
"""
