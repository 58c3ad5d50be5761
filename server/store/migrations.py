"""The database schema, as an ordered list of migrations (never edit one that has shipped: add another)."""

from __future__ import annotations

import os

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .db import file_lock

migrations = Migrations("xephang")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE services (
            code TEXT PRIMARY KEY,
            name_vi TEXT NOT NULL,
            name_en TEXT NOT NULL,
            icon TEXT NOT NULL DEFAULT '',
            daily_cap INTEGER,
            sessions TEXT NOT NULL DEFAULT '[["07:30","11:30"],["13:30","17:00"]]',
            active INTEGER NOT NULL DEFAULT 1,
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            full_name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL CHECK (role IN ('clerk', 'manager', 'admin')),
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            created_at REAL NOT NULL
        );
        CREATE TABLE counters (
            number INTEGER PRIMARY KEY,
            name TEXT NOT NULL DEFAULT '',
            services TEXT NOT NULL DEFAULT '[]',
            state TEXT NOT NULL DEFAULT 'closed' CHECK (state IN ('closed', 'open', 'paused')),
            clerk_id INTEGER REFERENCES users(id),
            display_group TEXT NOT NULL DEFAULT 'main'
        );
        CREATE TABLE priority_categories (
            code TEXT PRIMARY KEY,
            name_vi TEXT NOT NULL,
            name_en TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE options (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE sequences (
            day TEXT NOT NULL,
            service TEXT NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (day, service)
        );
        CREATE TABLE tickets (
            id INTEGER PRIMARY KEY,
            service TEXT NOT NULL REFERENCES services(code),
            number TEXT NOT NULL,
            seq INTEGER NOT NULL,
            day TEXT NOT NULL,
            status TEXT NOT NULL,
            priority TEXT,
            token TEXT NOT NULL UNIQUE,
            issued_at REAL NOT NULL,
            queued_at REAL NOT NULL,
            called_at REAL,
            last_called_at REAL,
            started_at REAL,
            ended_at REAL,
            counter INTEGER,
            clerk_id INTEGER,
            calls INTEGER NOT NULL DEFAULT 0,
            transferred_from INTEGER REFERENCES tickets(id)
        );
        -- An issued number is unique per service per day; a transferred copy reuses it elsewhere.
        CREATE UNIQUE INDEX tickets_issued_number ON tickets(day, service, seq) WHERE transferred_from IS NULL;
        CREATE INDEX tickets_day_status ON tickets(day, status, service);
        CREATE INDEX tickets_counter ON tickets(counter, status);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER REFERENCES tickets(id),
            action TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT,
            at REAL NOT NULL,
            day TEXT NOT NULL,
            counter INTEGER,
            clerk_id INTEGER,
            data TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX events_ticket ON events(ticket_id);
        CREATE INDEX events_day_action ON events(day, action);
        CREATE INDEX events_counter ON events(counter, day);
        """
    )


def migrate(db: Database, data_dir: str) -> None:
    """Apply pending migrations, one process at a time."""
    with file_lock(os.path.join(data_dir, "migrate.lock")):
        migrations.apply(db)


@migrations()
def m002_printing(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE print_jobs (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES tickets(id),
            kiosk TEXT NOT NULL DEFAULT 'main',
            lang TEXT NOT NULL DEFAULT 'vi',
            base_url TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'printing', 'printed', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            created_at REAL NOT NULL,
            not_before REAL NOT NULL,
            claimed_at REAL,
            finished_at REAL
        );
        CREATE INDEX print_jobs_due ON print_jobs(status, not_before);
        CREATE INDEX print_jobs_ticket ON print_jobs(ticket_id);
        CREATE TABLE printer_state (
            kiosk TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '',
            updated_at REAL NOT NULL
        );
        """
    )


@migrations()
def m003_request_ids(db: Database) -> None:
    # A kiosk tags each tap; the same tag twice (a double tap, a resend after a reconnect) is one ticket.
    db.executescript(
        """
        ALTER TABLE tickets ADD COLUMN request_id TEXT;
        CREATE UNIQUE INDEX tickets_request_id ON tickets(request_id) WHERE request_id IS NOT NULL;
        """
    )


@migrations()
def m004_ratings(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE rating_requests (
            ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
            counter INTEGER NOT NULL,
            clerk_id INTEGER,
            token TEXT NOT NULL UNIQUE,
            requested_at REAL NOT NULL,
            expires_at REAL NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'rated', 'expired'))
        );
        CREATE INDEX rating_requests_counter ON rating_requests(counter, status);
        -- One rating per ticket, never updated or deleted: ratings feed the staff's evaluation.
        CREATE TABLE ratings (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets(id),
            day TEXT NOT NULL,
            service TEXT NOT NULL,
            counter INTEGER NOT NULL,
            clerk_id INTEGER,
            score INTEGER NOT NULL,
            scale INTEGER NOT NULL,
            dissatisfied INTEGER NOT NULL,
            reasons TEXT NOT NULL DEFAULT '[]',
            dossier_code TEXT,
            comment TEXT,
            created_at REAL NOT NULL
        );
        CREATE INDEX ratings_day ON ratings(day);
        CREATE TRIGGER ratings_no_update BEFORE UPDATE ON ratings
            BEGIN SELECT RAISE(ABORT, 'ratings are never changed'); END;
        CREATE TRIGGER ratings_no_delete BEFORE DELETE ON ratings
            BEGIN SELECT RAISE(ABORT, 'ratings are never deleted'); END;
        """
    )


@migrations()
def m005_reports_and_audit(db: Database) -> None:
    db.executescript(
        """
        CREATE INDEX IF NOT EXISTS tickets_day ON tickets(day);
        CREATE INDEX IF NOT EXISTS ratings_ticket ON ratings(ticket_id);
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at REAL NOT NULL,
            user_id INTEGER,
            username TEXT,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            before TEXT,
            after TEXT
        );
        CREATE INDEX audit_log_at ON audit_log(at);
        """
    )


@migrations()
def m006_login_attempts(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE login_failures (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL,
            ip TEXT NOT NULL,
            at REAL NOT NULL
        );
        CREATE INDEX login_failures_user ON login_failures(username, at);
        CREATE INDEX login_failures_ip ON login_failures(ip, at);
        """
    )


@migrations()
def m007_report_summaries(db: Database) -> None:
    """When each ticket joined its field's line (a wait is one subtraction), and the day summaries of reports."""
    db.executescript(
        """
        ALTER TABLE tickets ADD COLUMN arrived_at REAL;
        UPDATE tickets SET arrived_at = CASE WHEN transferred_from IS NULL THEN issued_at
            ELSE (SELECT o.ended_at FROM tickets o WHERE o.id = tickets.transferred_from) END;
        CREATE TABLE summary_days (day TEXT PRIMARY KEY, state TEXT NOT NULL, at REAL NOT NULL);  -- counting, done
        CREATE TABLE summary_tickets (
            day TEXT NOT NULL, service TEXT NOT NULL, counter INTEGER, clerk_id INTEGER,
            issued INTEGER, transferred_in INTEGER, called INTEGER, served INTEGER, no_show INTEGER,
            transferred INTEGER, cancelled INTEGER, waiting_left INTEGER, wait_sum REAL, max_wait_s REAL,
            service_sum REAL, service_n INTEGER, priority_issued INTEGER,
            waits TEXT, service_times TEXT  -- whole seconds, rounded up, comma-separated
        );
        CREATE INDEX summary_tickets_day ON summary_tickets(day);
        CREATE TABLE summary_ratings (
            day TEXT NOT NULL, service TEXT, counter INTEGER, clerk_id INTEGER, score INTEGER, scale INTEGER,
            dissatisfied INTEGER, n INTEGER, reasons TEXT
        );
        CREATE INDEX summary_ratings_day ON summary_ratings(day);
        CREATE TABLE summary_load (day TEXT NOT NULL, hour INTEGER NOT NULL, issued INTEGER NOT NULL);
        CREATE INDEX summary_load_day ON summary_load(day);
        -- A day's summary goes the moment one of its tickets or ratings is written.
        CREATE TRIGGER tickets_insert_unsummarise AFTER INSERT ON tickets
            BEGIN DELETE FROM summary_days WHERE day = NEW.day; END;
        CREATE TRIGGER tickets_update_unsummarise AFTER UPDATE ON tickets
            BEGIN DELETE FROM summary_days WHERE day IN (OLD.day, NEW.day); END;
        CREATE TRIGGER tickets_delete_unsummarise AFTER DELETE ON tickets
            BEGIN DELETE FROM summary_days WHERE day = OLD.day; END;
        CREATE TRIGGER ratings_insert_unsummarise AFTER INSERT ON ratings
            BEGIN DELETE FROM summary_days WHERE day = NEW.day; END;
        """
    )


@migrations()
def m008_devices(db: Database) -> None:
    """Paired kiosks, displays and rating tablets: only a hash of each device's token is kept."""
    db.executescript(
        """
        CREATE TABLE devices (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,            -- kiosk, display, rating
            name TEXT NOT NULL,
            config TEXT NOT NULL,          -- JSON: {"kiosk": "main"}, {"group": "main"} or {"counter": 3}
            token_hash TEXT NOT NULL UNIQUE,
            code TEXT,                     -- the short code shown on the device while it waits
            status TEXT NOT NULL,          -- pending, active, revoked
            address TEXT,
            created_at REAL NOT NULL,
            paired_at REAL,
            paired_by INTEGER REFERENCES users(id),
            revoked_at REAL,
            last_seen_at REAL
        );
        CREATE UNIQUE INDEX devices_pending_code ON devices(code) WHERE status = 'pending';
        """
    )


@migrations()
def m009_waiting_index(db: Database) -> None:
    """The waiting count and oldest arrival per field, read on every change, from the index alone."""
    db.executescript(
        """
        CREATE INDEX tickets_waiting ON tickets(day, status, service, queued_at);
        """
    )


@migrations()
def m010_issued_by(db: Database) -> None:
    """Who issued a ticket when it was staff, not a kiosk (reports mark such tickets' ratings)."""
    db.executescript(
        """
        ALTER TABLE tickets ADD COLUMN issued_by INTEGER REFERENCES users(id);
        """
    )


@migrations()
def m011_line_heads(db: Database) -> None:
    """Call-next reads the head of each line (oldest priority, oldest normal per field) and the counter's last
    few calls from indexes, so a call costs the same with 10 or 5,000 tickets waiting."""
    db.executescript(
        """
        CREATE INDEX tickets_line_heads ON tickets(day, service, (priority IS NULL), queued_at, issued_at, id)
            WHERE status = 'waiting';
        CREATE INDEX events_counter_calls ON events(counter, day, action, id);
        """
    )


@migrations()
def m012_day_close(db: Database) -> None:
    """Day summaries count the tickets the day close ended (`expired`) and those still open (today only)."""
    db.executescript(
        """
        ALTER TABLE summary_tickets ADD COLUMN expired INTEGER;
        ALTER TABLE summary_tickets ADD COLUMN still_open INTEGER;
        """
    )


@migrations()
def m013_sessions(db: Database) -> None:
    """Server-side login sessions: logging out or a password reset ends them; only a hash of the id is kept."""
    db.executescript(
        """
        CREATE TABLE sessions (
            id_hash TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL,
            address TEXT
        );
        CREATE INDEX sessions_user ON sessions(user_id);
        CREATE INDEX login_failures_pair ON login_failures(username, ip, at);
        """
    )


@migrations()
def m014_dossiers_and_integration(db: Database) -> None:
    """Dossier codes on tickets, integration tokens, the tickets feed's cursor and the webhook outbox (issue 17)."""
    db.executescript(
        """
        -- The dossier codes (mã hồ sơ) linked to a ticket, as a JSON list; every link and unlink is an event row.
        ALTER TABLE tickets ADD COLUMN dossiers TEXT NOT NULL DEFAULT '[]';
        -- The tickets feed (GET /api/integration/tickets): a ticket takes the next feed_seq when it ends (done,
        -- no-show, transferred, cancelled, or expired at day close) and again when its dossiers change after
        -- that. Writers are serialised, so feed_seq grows in commit order and a cursor (the last feed_seq seen)
        -- never misses a change.
        ALTER TABLE tickets ADD COLUMN feed_seq INTEGER;
        CREATE UNIQUE INDEX tickets_feed ON tickets(feed_seq) WHERE feed_seq IS NOT NULL;
        CREATE TRIGGER tickets_feed_end AFTER UPDATE OF status, dossiers ON tickets
            WHEN NEW.status IN ('done', 'no_show', 'transferred', 'cancelled', 'expired')
                AND (OLD.status IS NOT NEW.status OR OLD.dossiers IS NOT NEW.dossiers)
            BEGIN UPDATE tickets SET feed_seq = (SELECT coalesce(max(feed_seq), 0) + 1 FROM tickets
                                                 WHERE feed_seq IS NOT NULL)  -- read from the index alone
                  WHERE id = NEW.id; END;
        CREATE TABLE integration_tokens (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            scopes TEXT NOT NULL,              -- JSON list: tickets:read, ratings:read, dossiers:write
            token_hash TEXT NOT NULL UNIQUE,   -- sha256 of the token; the token itself is shown once
            created_at REAL NOT NULL,
            created_by INTEGER REFERENCES users(id),
            revoked_at REAL,
            last_used_at REAL
        );
        -- Events for the one-stop software, written in the same transaction as what they tell. AUTOINCREMENT:
        -- an id is never reused after old rows are pruned, so each receiver's cursor stays valid.
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            event TEXT NOT NULL,               -- ticket.finished, rating.submitted, dossier.linked
            key TEXT NOT NULL UNIQUE,          -- the idempotency key sent with every try
            ticket_id INTEGER,
            data TEXT NOT NULL DEFAULT '{}',   -- facts of the moment (the dossier code linked)
            created_at REAL NOT NULL,
            body TEXT                          -- the JSON sent, fixed at the first try so every retry is the same
        );
        -- One row per webhook URL: the last event it acknowledged, and its retry state.
        CREATE TABLE webhook_targets (
            url TEXT PRIMARY KEY,
            delivered_id INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_at REAL NOT NULL DEFAULT 0,
            last_error TEXT,
            last_ok_at REAL,
            lease_owner TEXT,
            lease_until REAL NOT NULL DEFAULT 0
        );
        """
    )


@migrations()
def m015_done_tickets_indexes(db: Database) -> None:
    """A provincial day holds ten thousand tickets: a field's typical service time (its last 20 services) and a
    clerk's figures today read a few rows from these, not the day's finished tickets."""
    db.executescript(
        """
        CREATE INDEX IF NOT EXISTS tickets_done_service ON tickets(day, service, ended_at) WHERE status = 'done';
        CREATE INDEX IF NOT EXISTS tickets_done_clerk ON tickets(clerk_id, day) WHERE status = 'done';
        """
    )


@migrations()
def m016_counters_version(db: Database) -> None:
    """A stamp that changes whenever a counter is added, removed or changed, by any program on the database (a
    trigger): what is read from the counters alone (which counters serve a field, how many are open) is read once a
    stamp, not for every ticket (a provincial hall's hundred counters were a third of a ticket's cost). The stamp is
    random, never counted up: two databases made apart never meet on one stamp with other counters (a copy, such as
    a restored backup, carries its counters with their stamp). A later migration that rebuilds `counters` (create,
    copy, drop, rename, as sqlite-utils' `transform` does) drops these triggers with it and must make them again:
    tests/store/test_hot_path_reads.py checks they are there after every migration."""
    db.executescript(
        """
        CREATE TABLE versions (name TEXT PRIMARY KEY, stamp INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO versions (name, stamp) VALUES ('counters', random());
        CREATE TRIGGER counters_added AFTER INSERT ON counters
            BEGIN UPDATE versions SET stamp = random() WHERE name = 'counters'; END;
        CREATE TRIGGER counters_changed AFTER UPDATE ON counters
            BEGIN UPDATE versions SET stamp = random() WHERE name = 'counters'; END;
        CREATE TRIGGER counters_removed AFTER DELETE ON counters
            BEGIN UPDATE versions SET stamp = random() WHERE name = 'counters'; END;
        """
    )


@migrations()
def m017_day_long_lists(db: Database) -> None:
    """What a screen lists of today reads a few rows from these, not the day's every ended ticket: a counter's last
    served tickets, a field's latest no-shows, today's failed prints (every screen's snapshot and every
    workstation's view read them; a provincial afternoon holds ten thousand ended tickets)."""
    db.executescript(
        """
        CREATE INDEX IF NOT EXISTS tickets_counter_ended ON tickets(counter, day, ended_at)
            WHERE status IN ('done', 'transferred');
        CREATE INDEX IF NOT EXISTS tickets_no_show ON tickets(day, service, ended_at) WHERE status = 'no_show';
        CREATE INDEX IF NOT EXISTS print_jobs_failed ON print_jobs(ticket_id) WHERE status = 'failed';
        """
    )
