"""Every write of the centres, by sub-domain: each checks the person's centre and is audited.

``requests`` (contact requests and the counselling inbox), ``listings`` (the
centre's groups and their yearly confirmation), ``contacts`` (group
contacts), ``proposals``, ``founding``, ``imports``, ``statistics``, and
``centre`` (its staff, its settings, its retention period).
"""
