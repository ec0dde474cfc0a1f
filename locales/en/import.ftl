# Messages of the import area. English.
