"""The Rasa NLU project, its HTTP client and the normalisers for money, hours, days and times."""
