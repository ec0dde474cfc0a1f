// vanban editor
