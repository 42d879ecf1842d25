"""The parts of the synthetic world: people and their accounts, posts, the URLs reporters
paste, and the referrals; `seeds.demo.generator` puts them together.
"""
