"""The parts of the synthetic world: people and their accounts, posts, the URLs reporters
paste, and the referrals; `seeds.generator` puts them together.
"""
