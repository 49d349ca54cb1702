.PHONY: install test lint format bench

install:
	pip install -c constraints.txt -e ".[test]"

test:
	pytest -q

lint:
	ruff check .

format:
	ruff format .

bench:
	python benchmarks/pc_speed.py
	python benchmarks/ablation_sweep.py
	python benchmarks/model_throughput.py
	python benchmarks/cli_startup.py
	python benchmarks/planner_accuracy.py
