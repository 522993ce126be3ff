"""Pipedrive deal exports (Deals → … → Export filter results, CSV or XLSX).

Pipedrive prefixes every column with the object ("Deal - Value", "Organization - Name"); the
German interface writes "Deal - Wert". ``Deal - Status`` is ``open``, ``won`` or ``lost`` (German
``offen``, ``gewonnen``, ``verloren``); the pipeline stage is separate and not needed for the status.
Dates are ISO (``2025-03-31 14:05:00``).

Sources: Pipedrive API reference, Deal object (status open/won/lost/deleted, add_time, won_time,
lost_time, close_time, value, currency, owner, org); column names as they appear in Pipedrive
exports ("Deal - Deal created", "Deal - Deal closed on", "Deal - Won time", "Deal - Lost time").
"""

from __future__ import annotations

STATUS = {"open": "open", "won": "won", "lost": "lost", "offen": "open", "gewonnen": "won", "verloren": "lost"}

DEALS = {
    "table": "deals",
    "label": "Pipedrive – Deals",
    "sources": "developers.pipedrive.com: Deal object (status, add_time, close_time, won_time, lost_time)",
    "columns": {
        "deal_id": ["Deal - ID"],
        "status": ["Deal - Status"],
        "closed_at": ["Deal - Deal closed on", "Deal - Closed on", "Deal - Close time", "Deal - Deal abgeschlossen am",
                      "Deal - Abgeschlossen am"],
        "created_at": ["Deal - Deal created", "Deal - Add time", "Deal - Created", "Deal - Deal erstellt",
                       "Deal - Erstellt am", "Deal - Erstellt"],
        "amount": ["Deal - Value", "Deal - Wert"],
        "customer_id": ["Deal - Organization ID", "Deal - Organisations-ID", "Deal - Organization",
                        "Deal - Organisation"],
        "lead_id": ["Deal - Contact person ID", "Deal - Person ID"],
        "channel": ["Deal - Source channel", "Deal - Channel", "Deal - Quellkanal", "Deal - Kanal",
                    "Deal - Source origin"],
        "owner": ["Deal - Owner", "Deal - Besitzer", "Deal - Inhaber", "Deal - Verantwortlich"],
        "product": ["Deal - Product name", "Deal - Produktname"],
        "region": ["Deal - Region"],
    },
    "values": {"status": STATUS},
}
