"""Funding rules engine: free routes first, then Advanced Learner Loan. Rules are data per year."""
