"""Live ZGW notifications: event log, brokers, fan-out and webhook intake."""
