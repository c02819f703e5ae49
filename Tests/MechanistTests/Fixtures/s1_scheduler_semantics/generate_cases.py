"""Runs small scheduled models in PsyNeuLink 0.21 (Python mode) through
/work/shared/tools/pnl_from_model.py and writes each one's per-trial RESULTs to
ref_<names>.json (cases.json beside this file was assembled from those runs).
Usage: ~/pnl/bin/python generate_cases.py [model names...]"""
import json, sys, traceback, signal
def _alarm(*a): raise TimeoutError('timed out (infinite loop?)')
signal.signal(signal.SIGALRM, _alarm)
sys.path.insert(0, '/work/shared/tools')
import pnl_from_model as P

def integ(name, rate=0.5, fn=None):
    d = {"name": name, "type": "TransferMechanism", "size": 1, "integrator_mode": True, "integration_rate": rate}
    if fn: d["function"] = fn
    return d
def proc(name, **kw):
    d = {"name": name, "type": "ProcessingMechanism", "size": 1}; d.update(kw); return d
def proj(s, r, m=None):
    d = {"sender": s, "receiver": r}
    if m is not None: d["matrix"] = m
    return d

models = {}
models["every"] = ({"format":1,"name":"every","nodes":[proc("in"), integ("A"), integ("B"), integ("C")],
  "projections":[proj("in","A"),proj("A","B"),proj("B","C")],
  "scheduler":{"conditions":{"A":"Always","B":{"type":"EveryNCalls","node":"A","n":2},"C":{"type":"EveryNCalls","node":"A","n":3}},
               "termination":{"trial":{"type":"AfterNCalls","node":"C","n":2}}}}, 3)
models["passes"] = ({"format":1,"name":"passes","nodes":[proc("in"), integ("A"), integ("B"), integ("C")],
  "projections":[proj("in","A"),proj("in","B"),proj("in","C")],
  "scheduler":{"conditions":{"A":{"type":"AtPass","n":1},"B":{"type":"AfterPass","n":1},
      "C":{"type":"Any","conditions":[{"type":"AtPass","n":0},{"type":"AtPass","n":2}]}},
               "termination":{"trial":{"type":"AtPass","n":4}}}}, 2)
models["trials"] = ({"format":1,"name":"trials","nodes":[proc("in"), integ("A"), integ("B"), integ("C")],
  "projections":[proj("in","A"),proj("in","B"),proj("in","C")],
  "scheduler":{"conditions":{"A":{"type":"AtTrial","n":1},"B":{"type":"AfterTrial","n":0},
      "C":{"type":"Not","condition":{"type":"AtTrial","n":1}}},
               "termination":{"trial":{"type":"AfterPass","n":0}}}}, 4)
models["ncalls"] = ({"format":1,"name":"ncalls","nodes":[proc("in"), integ("A"), integ("B"), integ("C"), integ("D"), integ("E")],
  "projections":[proj("in","A"),proj("A","B"),proj("A","C"),proj("A","D"),proj("A","E")],
  "scheduler":{"conditions":{"A":"Always","B":{"type":"AfterNCalls","node":"A","n":2},
      "C":{"type":"AtNCalls","node":"A","n":2},"D":{"type":"BeforeNCalls","node":"A","n":2},
      "E":{"type":"AfterNCalls","node":"A","n":5,"time_scale":"RUN"}},
               "termination":{"trial":{"type":"AfterNCalls","node":"A","n":4}}}}, 3)
models["threshold"] = ({"format":1,"name":"threshold","nodes":[proc("in"), integ("A"), integ("B"), integ("C")],
  "projections":[proj("in","A"),proj("A","B"),proj("in","C")],
  "scheduler":{"conditions":{"B":{"type":"Threshold","node":"A","parameter":"value","threshold":0.8,"comparator":">=","indices":[0,0]},
       "C":{"type":"All","conditions":[{"type":"WhenFinished","node":"A"},{"type":"EveryNCalls","node":"in","n":1}]}},
               "termination":{"trial":{"type":"Threshold","node":"A","parameter":"value","threshold":0.9,"comparator":">","indices":[0,0]}}}}, 3)
models["allhaverun"] = ({"format":1,"name":"allhaverun","nodes":[proc("in"), integ("A"), integ("B")],
  "projections":[proj("in","A"),proj("in","B")],
  "scheduler":{"conditions":{"A":{"type":"EveryNCalls","node":"in","n":2},"B":{"type":"EveryNCalls","node":"in","n":3}},
               "termination":{"trial":{"type":"AllHaveRun","nodes":["A","B"]}}}}, 2)
models["reset"] = ({"format":1,"name":"reset","nodes":[proc("in"), integ("A"), integ("B")],
  "projections":[proj("in","A"),proj("in","B")],
  "scheduler":{"reset_stateful_function_when":{"A":{"type":"AtTrial","n":2},"B":{"type":"AtPass","n":0}}}}, 4)
models["cascade"] = ({"format":1,"name":"cascade","nodes":[proc("in"), proc("A"), proc("B", function={"type":"Linear","slope":2}), proc("out")],
  "projections":[proj("in","A"),proj("A","B"),proj("B","A",[[0.5]]),proj("B","out")],
  "scheduler":{"conditions":{"A":{"type":"EveryNCalls","node":"B","n":1},"B":{"type":"BeforeNCalls","node":"A","n":2}},
      "termination":{"trial":{"type":"AfterNCalls","node":"B","n":2}}}}, 2)
models["term_every"] = ({"format":1,"name":"term_every","nodes":[proc("in"), integ("A")],
  "projections":[proj("in","A")],
  "scheduler":{"termination":{"trial":{"type":"EveryNCalls","node":"A","n":2}}}}, 2)
models["pass_term"] = ({"format":1,"name":"pass_term","nodes":[proc("in"), integ("A")],
  "projections":[proj("in","A")],
  "scheduler":{"termination":{"trial":{"type":"AfterNCalls","node":"A","n":3}, "pass":{"type":"AfterNCalls","node":"in","n":1}}}}, 2)
models["reset_calls"] = ({"format":1,"name":"reset_calls","nodes":[proc("in"), integ("A"), integ("B")],
  "projections":[proj("in","A"),proj("in","B")],
  "scheduler":{"conditions":{"A":"Always"},"termination":{"trial":{"type":"AfterNCalls","node":"A","n":2}},
     "reset_stateful_function_when":{"B":{"type":"AfterNCalls","node":"A","n":2}, "A":{"type":"EveryNCalls","node":"in","n":1}}}}, 3)

models["cycle"] = ({"format":1,"name":"cyc","nodes":[proc("in"), proc("A"), proc("B", function={"type":"Linear","slope":2}), proc("out")],
  "projections":[proj("in","A"),proj("A","B"),proj("B","A",[[0.5]]),proj("B","out")],
  "scheduler":{"termination":{"trial":{"type":"AfterNCalls","node":"A","n":3}}}}, 3)
models["cycle_default"] = ({"format":1,"name":"cycd","nodes":[proc("in"), proc("A"), proc("B", function={"type":"Linear","slope":2}), proc("out")],
  "projections":[proj("in","A"),proj("A","B"),proj("B","A",[[0.5]]),proj("B","out")]}, 3)
models["reset_calls2"] = ({"format":1,"name":"reset_calls2","nodes":[proc("in"), integ("A"), integ("B")],
  "projections":[proj("in","A"),proj("in","B")],
  "scheduler":{"conditions":{"A":"Always"},"termination":{"trial":{"type":"AfterNCalls","node":"A","n":2}},
     "reset_stateful_function_when":{"B":{"type":"AfterNCalls","node":"A","n":2}}}}, 3)
only = sys.argv[1:] 
out = {}
for name, (m, trials) in models.items():
    if only and name not in only: continue
    ins = {"inputs": {"in": [[1.0], [2.0], [0.5]]}}
    rec = [f"{n['name']}.RESULT" for n in m["nodes"] if n["name"] != "in"]
    try:
        signal.alarm(40)
        r = P.run_model(m, ins, trials=trials, learn=False, epochs=None, record=rec, where=name)
        signal.alarm(0)
        out[name] = {"model": m, "inputs": ins, "trials": trials, "nodes": r["nodes"], "results": r["results"]}
        print(name, json.dumps(r["nodes"]), flush=True)
    except Exception as e:
        out[name] = {"error": repr(e)}
        signal.alarm(0); print(name, "ERROR", repr(e)[:300], flush=True)
json.dump(out, open("ref_" + "_".join(only) + ".json", "w"), indent=1)
