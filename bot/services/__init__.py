"""The use cases, by feature (``members``, ``tasks``, ``meetings``, ``broadcasts``), with what
several features share at the top: the ports (``ports``), the delivery service, spreadsheets,
member lookup, cell names, date fields, the export and the container that builds them all."""
