"""Jobs: employers, their vacancies and career pathways, and matching workers to vacancies.

Layer 2 (see /work/shared/docs/architecture-map.md), built like `course_catalogue`: a CSV format
with exact row/column errors, scoped access (an employer sees and changes only its own rows),
and a search. The employers' web page and JSON API are `jobs/api` (layer 3).

What the chat, check-ins and coach views call (details in README.md):
- `jobs.search.find_matches(session, profile, today)` and `profile_for_worker(...)`
- `jobs.matching.rank(profile, vacancies, today)` (pure), `WorkerProfile`, `VacancyFacts`, `Match`
- `jobs.applications`: `save_vacancy`, `record_status`, `applications_for`, `closing_soon`
- `jobs.pathways.next_steps(session, sector, current_role)` ("typical next steps")
- `jobs.vacancies.live(today)`: the one condition for "open to applications"
"""
