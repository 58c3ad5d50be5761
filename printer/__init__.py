"""Ticket printing: layout to ESC/POS bytes, transports, the print worker and the print agent."""
