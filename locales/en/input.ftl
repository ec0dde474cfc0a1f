# Messages of the input area. English.
