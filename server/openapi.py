"""The OpenAPI 3.1 description of /api, kept beside the routes (a test checks every route is in it)."""

from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/schemas/Error"}
TICKET = {"$ref": "#/components/schemas/Ticket"}
COUNTER = {"$ref": "#/components/schemas/Counter"}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(c): _json(ERROR, "Refused; nothing changed") for c in codes}


def _op(summary: str, ok: dict[str, Any], *errors: int, body: dict[str, Any] | None = None,
        login: bool = False, status: int = 200) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "responses": {str(status): ok, **_errors(*errors)}}
    if body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if login:
        op["security"] = [{"session": []}]
        op["responses"].update(_errors(401, 403))
    return op


def _obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": required or [], "additionalProperties": False}


N = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer"}}
ID = {"name": "ticket_id", "in": "path", "required": True, "schema": {"type": "integer"}}
ACTIONS = ["recall", "start", "finish", "no-show", "requeue", "return", "park", "resume", "cancel", "transfer"]


def spec() -> dict[str, Any]:
    nullable_str = {"type": ["string", "null"]}
    paths: dict[str, Any] = {
        "/api/health": {"get": _op("Liveness and database check", _json({"type": "object"}))},
        "/api/openapi.json": {"get": _op("This description", _json({"type": "object"}))},
        "/api/services": {"get": _op("Services with waiting counts, estimates and whether they issue now",
                                     _json({"type": "array", "items": {"$ref": "#/components/schemas/Service"}}))},
        "/api/procedures": {"get": {
            **_op("The centre's procedures for the kiosk lookup (accent-insensitive search, optional field)",
                  _json({"type": "object", "properties": {
                      "procedures": {"type": "array", "items": {"type": "object"}}, "source": {"type": "string"},
                      "sample": {"type": "boolean"}, "rejected": {"type": "array", "items": {"type": "object"}}}})),
            "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}},
                           {"name": "service", "in": "query", "schema": {"type": "string"}}]}},
        "/api/ratings": {"get": {
            **_op("Ratings between two days, for managers", _json({"type": "array", "items": {"type": "object"}}),
                  400, login=True),
            "parameters": [{"name": "from", "in": "query", "required": True, "schema": {"type": "string",
                                                                                      "format": "date"}},
                           {"name": "to", "in": "query", "required": True, "schema": {"type": "string",
                                                                                    "format": "date"}}]}},
        "/api/announcements/{ticket_id}.wav": {"get": {
            "summary": "The spoken call for a ticket's current call (chime, then the call said voice_repeat times)",
            "parameters": [ID],
            "responses": {"200": {"description": "WAV, mono 16-bit 22,050 Hz",
                                  "content": {"audio/wav": {"schema": {"type": "string", "format": "binary"}}}},
                          **_errors(404, 409, 503)}}},
        "/api/state": {"get": _op("The live snapshot: services, counters with their ticket, recent calls",
                                  _json({"type": "object"}))},
        "/api/tickets": {"post": {**_op(
            "Issue a ticket: a paired kiosk (on its own printer) or logged-in staff",
            _json({"$ref": "#/components/schemas/IssuedTicket"}, "Issued"), 400, 401, 404, 409, 413, 429,
            body=_obj({"service": {"type": "string"}, "priority": nullable_str,
                       "kiosk": {"type": "string", "description": "staff: print on this kiosk's printer"}},
                      ["service"]), status=201), "security": [{"device": []}, {"session": []}]}},
        "/api/devices/pair": {"post": _op(
            "A kiosk, display or rating tablet asks to be paired: its token (shown once) and the code to confirm",
            _json(_obj({"id": {"type": "integer"}, "token": {"type": "string"}, "code": nullable_str,
                        "status": {"type": "string", "enum": ["pending", "active"]}, "kind": {"type": "string"},
                        "config": {"type": "object"}}), "Asked"), 400, 429,
            body=_obj({"kind": {"type": "string", "enum": ["kiosk", "display", "rating"]},
                       "config": {"type": "object", "description": '{"kiosk": name}, {"group": name} or '
                                                                  '{"counter": number}'}}, ["kind"]),
            status=201)},
        "/api/devices/me": {"get": {**_op("This device: pending (with its code), active or revoked",
                                          _json({"type": "object"}), 401), "security": [{"device": []}]}},
        "/api/tickets/{ticket_id}/reprint": {"post": {
            **_op("Print a ticket of today again (after a printer failure)", _json(TICKET), 400, 404, 409,
                  login=True, body=_obj({"kiosk": {"type": "string"}})),
            "parameters": [ID]}},
        "/api/tickets/{ticket_id}": {"get": {**_op("A ticket with its status and timestamps", _json(TICKET), 404),
                                             "parameters": [ID]}},
        "/api/tickets/{ticket_id}/{action}": {"post": {
            **_op("Act on a ticket", _json(TICKET), 400, 404, 409, login=True,
                  body=_obj({"service": {"type": "string", "description": "target service, for transfer only"}})),
            "parameters": [ID, {"name": "action", "in": "path", "required": True,
                                "schema": {"type": "string", "enum": ACTIONS}}]}},
        "/api/login": {"post": _op("Log in (sets the session cookie)", _json({"$ref": "#/components/schemas/Me"}),
                                   400, 401, body=_obj({"username": {"type": "string"},
                                                         "password": {"type": "string"}}, ["username", "password"]))},
        "/api/logout": {"post": _op("Log out", _json({"type": "object"}))},
        "/api/me": {"get": _op("The logged-in user and the counter they hold",
                               _json({"$ref": "#/components/schemas/Me"}), login=True)},
        "/api/counters/{number}/call-next": {"post": {
            **_op("Call the next ticket for this counter (ticket null when nobody waits)",
                  _json(_obj({"ticket": {"oneOf": [TICKET, {"type": "null"}]}})), 404, 409, login=True),
            "parameters": [N]}},
        "/api/counters/{number}/call": {"post": {
            **_op("Call one waiting ticket out of order, by id or printed number",
                  _json(_obj({"ticket": TICKET})), 400, 404, 409, login=True,
                  body=_obj({"ticket": {"type": "integer"}, "number": {"type": "string"}})),
            "parameters": [N]}},
    }
    for change, summary in [("open", "Take and open this counter"), ("close", "Close the counter"),
                            ("pause", "Pause the counter (break)"), ("resume", "Resume a paused counter")]:
        paths[f"/api/counters/{{number}}/{change}"] = {"post": {**_op(summary, _json(COUNTER), 404, 409, login=True),
                                                                "parameters": [N]}}
    period = [{"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
              {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
              {"name": "period", "in": "query", "schema": {"type": "string", "enum": [
                  "day", "week", "month", "quarter", "half", "nine_months", "year"]}},
              {"name": "date", "in": "query", "schema": {"type": "string", "format": "date"}}]
    obj = {"type": "object"}
    paths["/api/reports"] = {"get": {**_op("Every report figure for a period: per field, counter, clerk; "
                                           "satisfaction; reasons; load by weekday and hour",
                                           _json(obj), 400, login=True), "parameters": period}}
    paths["/api/reports/summary"] = {"get": {**_op(
        "Per-field figures: service, issued, served, no_show, avg_wait_s, p90_wait_s, avg_service_s, rated, "
        "satisfied, satisfaction_rate", _json({"type": "array", "items": obj}), 400, login=True),
        "parameters": period}}
    paths["/api/reports/export.xlsx"] = {"get": {**_op("The report as an XLSX workbook (one sheet per table)", {
        "description": "XLSX", "content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
            "schema": {"type": "string", "format": "binary"}}}}, 400, login=True), "parameters": period}}
    paths["/api/reports/export.csv"] = {"get": {**_op("One table of the report as CSV", {
        "description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}, 400, login=True),
        "parameters": [*period, {"name": "table", "in": "query", "schema": {"type": "string", "enum": [
            "services", "counters", "clerks", "reasons", "load"]}}]}}
    code = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}
    uid = {"name": "user_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    admin_paths = [
        ("/api/admin/config", "get", "Everything managers configure, with option help", []),
        ("/api/admin/services", "post", "Create a field", []),
        ("/api/admin/services/{code}", "put", "Change a field (deactivate with active=false)", [code]),
        ("/api/admin/counters", "post", "Create a counter", []),
        ("/api/admin/counters/{number}", "put", "Change a counter", [N]),
        ("/api/admin/users", "post", "Create a staff account", []),
        ("/api/admin/users/{user_id}", "put", "Change or deactivate a staff account", [uid]),
        ("/api/admin/users/{user_id}/password", "post", "Reset a password", [uid]),
        ("/api/admin/priorities", "post", "Create a priority category", []),
        ("/api/admin/priorities/{code}", "put", "Change a priority category", [code]),
        ("/api/admin/options", "put", "Change centre options {name: value}", []),
        ("/api/admin/procedures", "post", "Upload the procedures list (multipart file: .csv or .xlsx)", []),
        ("/api/admin/audit", "get", "The audit log, newest first", []),
        ("/api/admin/devices", "get", "Paired and waiting devices (kiosks, displays, rating tablets)", []),
        ("/api/admin/devices/confirm", "post", "Pair the device showing {code}; optional name and config", []),
        ("/api/admin/devices/{device_id}/revoke", "post", "Revoke a device: its token stops working at once",
         [{"name": "device_id", "in": "path", "required": True, "schema": {"type": "integer"}}]),
    ]
    for path, method, summary, params in admin_paths:
        entry = {**_op(summary, _json(obj), 400, 404, login=True), "parameters": params}
        paths.setdefault(path, {})[method] = entry
    return {
        "openapi": "3.1.0",
        "info": {"title": "XếpHàng", "version": "0.1.0",
                 "description": "Queue tickets for Public Administrative Service Centres. Errors are "
                                "{error, message} with a 4xx status and change nothing."},
        "paths": paths,
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "session"},
                                "device": {"type": "apiKey", "in": "header", "name": "X-Device-Token"}},
            "schemas": {
                "Error": _obj({"error": {"type": "string"}, "message": {"type": "string"}}, ["error", "message"]),
                "Service": {"type": "object", "required": ["code", "name", "waiting", "open"], "properties": {
                    "code": {"type": "string"}, "name": {"type": "string"}, "name_en": {"type": "string"},
                    "waiting": {"type": "integer"}, "open": {"type": "boolean"},
                    "closed_reason": nullable_str, "longest_wait_s": {"type": "integer"},
                    "estimated_wait_s": {"type": "integer"}, "open_counters": {"type": "integer"}}},
                "Ticket": {"type": "object", "required": ["id", "number", "service", "status"], "properties": {
                    "id": {"type": "integer"}, "number": {"type": "string"}, "service": {"type": "string"},
                    "status": {"type": "string", "enum": ["waiting", "called", "serving", "parked", "done",
                                                          "no_show", "transferred", "cancelled"]},
                    "priority": nullable_str, "counter": {"type": ["integer", "null"]},
                    "issued_at": {"type": "string", "format": "date-time"},
                    "called_at": nullable_str, "started_at": nullable_str, "ended_at": nullable_str}},
                "IssuedTicket": {"allOf": [TICKET, {"type": "object", "required": ["ahead", "estimated_wait_s"],
                                                    "properties": {"ahead": {"type": "integer"},
                                                                   "estimated_wait_s": {"type": "integer"},
                                                                   "status_url": {"type": "string"},
                                                                   "counters": {"type": "array", "items": {
                                                                       "type": "object", "properties": {
                                                                           "number": {"type": "integer"},
                                                                           "name": {"type": "string"},
                                                                           "open": {"type": "boolean"}}}}}}]},
                "Counter": {"type": "object", "properties": {
                    "number": {"type": "integer"}, "state": {"type": "string", "enum": ["closed", "open", "paused"]},
                    "services": {"type": "array", "items": {"type": "string"}}, "ticket": {}}},
                "Me": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "username": {"type": "string"}, "role": {"type": "string"},
                    "counter": {"type": ["integer", "null"]}}},
            },
        },
    }
